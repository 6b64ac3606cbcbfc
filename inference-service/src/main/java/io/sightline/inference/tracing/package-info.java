/**
 * OpenTelemetry adapter: the trace of a {@code model.promoted} record carried over to the background
 * thread that loads the version ({@code model load} span), and a span link from the first prediction a
 * newly loaded version answers back to that promotion; spans are started with service-kit's
 * {@code io.sightline.kit.tracing}. Everything here is a no-op while the SDK is disabled, which is the
 * default.
 */
package io.sightline.inference.tracing;
