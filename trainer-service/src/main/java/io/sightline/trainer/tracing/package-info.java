/**
 * OpenTelemetry adapter: a span around each training job, and the trace of a dataset split carried over
 * the retrain debounce (a timer thread of our own, which SmallRye's Kafka tracing cannot see). Kafka
 * headers carry the trace between services; this package only bridges the hops inside the service.
 * Everything here is a no-op while the SDK is disabled, which is the default.
 */
package io.sightline.trainer.tracing;
