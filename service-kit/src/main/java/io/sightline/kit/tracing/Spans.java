package io.sightline.kit.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Where a service starts its own spans: the hops inside a service that OpenTelemetry's HTTP and Kafka
 * instrumentation cannot see (a worker thread, a job, a background load). Everything is a no-op while
 * the SDK is disabled, which is the default.
 */
public final class Spans {

    private final Tracer tracer;

    private Spans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Spans of one instrumentation scope, by convention the service's root package. */
    public static Spans of(OpenTelemetry openTelemetry, String scope) {
        return new Spans(openTelemetry.getTracer(scope));
    }

    /** A span to start, child of the current context unless given another parent. */
    public SpanStart span(String name) {
        return new SpanStart(tracer.spanBuilder(name));
    }

    /** A task that runs in the context of the calling thread, wherever it is run later. */
    public static Runnable carry(Runnable task) {
        return Context.current().wrap(task);
    }
}
