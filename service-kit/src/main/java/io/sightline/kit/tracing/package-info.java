/**
 * OpenTelemetry for the hops inside a service that the HTTP and Kafka instrumentation cannot see: spans
 * started with a chosen parent (a record's or a queuing thread's context), attributes and links
 * ({@link io.sightline.kit.tracing.Spans}, {@link io.sightline.kit.tracing.SpanStart}), an executor that
 * traces every task ({@link io.sightline.kit.tracing.TracedExecutor}), and the context of a received or
 * sent record ({@link io.sightline.kit.tracing.RecordTraces}). No-ops while the SDK is disabled.
 */
package io.sightline.kit.tracing;
