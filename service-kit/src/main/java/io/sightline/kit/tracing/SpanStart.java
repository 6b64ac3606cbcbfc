package io.sightline.kit.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * One span about to start: its parent, links and attributes, then the work it spans. The work runs with
 * the span current (so that what it sends, Kafka records included, continues the trace); an exception
 * that ends it is recorded on the span, which is marked as an error; the span always ends.
 */
public final class SpanStart {

    private final SpanBuilder builder;
    private Context parent;

    SpanStart(SpanBuilder builder) {
        this.builder = builder;
    }

    /** The context the span continues: a Kafka record's, or the thread's that queued the work. */
    public SpanStart parent(Context context) {
        this.parent = context;
        return this;
    }

    /** A span the new one follows from without being its child (a cause in another trace). */
    public SpanStart link(SpanContext cause, Attributes attributes) {
        if (cause.isValid()) {
            builder.addLink(cause, attributes);
        }
        return this;
    }

    public SpanStart attribute(String key, String value) {
        builder.setAttribute(key, value);
        return this;
    }

    public <T> SpanStart attribute(AttributeKey<T> key, T value) {
        builder.setAttribute(key, value);
        return this;
    }

    /** Runs {@code work} inside the span. */
    public void run(Runnable work) {
        call(span -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} inside the span, which it may enrich with what it found (an outcome, a status). */
    @SuppressWarnings("unchecked") // only E or an unchecked exception can leave work.call
    public <T, E extends Exception> T call(SpanWork<T, E> work) throws E {
        Context context = parent == null ? Context.current() : parent;
        Span span = builder.setParent(context).startSpan();
        try (Scope ignored = context.with(span).makeCurrent()) {
            return work.call(span);
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } catch (Exception e) {
            failed(span, e);
            throw (E) e;
        } finally {
            span.end();
        }
    }

    private static void failed(Span span, Throwable e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR);
    }
}
