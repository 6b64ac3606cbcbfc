package io.sightline.dataset.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The import executor, traced: each task runs in a {@value #SPAN} span whose parent is the context of the
 * thread that queued it (the request's server span). Without this the import, and the {@code dataset.split}
 * event it sends, would start a trace of their own: the worker thread has no context.
 */
public final class TracedImports extends AbstractExecutorService {

    /** Name of the span around one import. */
    public static final String SPAN = "dataset import";

    private final ExecutorService workers;
    private final Tracer tracer;

    private TracedImports(ExecutorService workers, Tracer tracer) {
        this.workers = workers;
        this.tracer = tracer;
    }

    /** Wraps the executor that runs imports; shutting the result down shuts {@code workers} down. */
    public static ExecutorService around(ExecutorService workers, OpenTelemetry openTelemetry) {
        return new TracedImports(workers, openTelemetry.getTracer("io.sightline.dataset"));
    }

    @Override
    public void execute(Runnable task) {
        Context caller = Context.current(); // on the submitting thread: the request's context
        workers.execute(() -> {
            Span span = tracer.spanBuilder(SPAN).setParent(caller).startSpan();
            try (Scope ignored = caller.with(span).makeCurrent()) {
                task.run();
            } catch (RuntimeException | Error e) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR);
                throw e;
            } finally {
                span.end();
            }
        });
    }

    @Override
    public void shutdown() {
        workers.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return workers.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return workers.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return workers.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return workers.awaitTermination(timeout, unit);
    }
}
