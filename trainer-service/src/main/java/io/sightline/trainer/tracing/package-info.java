/**
 * OpenTelemetry adapter: a span around each training job ({@link io.sightline.trainer.tracing.JobSpans}),
 * started with service-kit's {@code io.sightline.kit.tracing}. The trace of a dataset split is carried over
 * the retrain debounce by the kit's {@code Spans::carry}. Kafka headers carry the trace between services;
 * this package only bridges the hops inside the service. Everything here is a no-op while the SDK is
 * disabled, which is the default.
 */
package io.sightline.trainer.tracing;
