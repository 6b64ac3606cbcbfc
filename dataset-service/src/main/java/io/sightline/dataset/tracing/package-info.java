/**
 * OpenTelemetry adapter: carries the trace of a {@code POST /datasets} onto the worker thread that does
 * the import, so that the {@code dataset.split} record (whose Kafka headers SmallRye fills from the current
 * context) continues the upload's trace. No-op while the SDK is disabled, which is the default.
 */
package io.sightline.dataset.tracing;
