package io.sightline.kit.tracing;

import io.opentelemetry.api.trace.Span;

/** Work done inside a span; it gets the span to add what it learns (attributes, an error status). */
@FunctionalInterface
public interface SpanWork<T, E extends Exception> {

    T call(Span span) throws E;
}
