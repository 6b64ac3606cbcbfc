package io.sightline.kit.tracing;

import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor whose every task runs in a span of its own, child of the context of the thread that queued
 * it (a request's server span, a record's consumer span). Without this a task, and any record it sends,
 * would start a trace of its own: a worker thread has no context.
 */
public final class TracedExecutor extends AbstractExecutorService {

    private final ExecutorService workers;
    private final Spans spans;
    private final String spanName;

    private TracedExecutor(ExecutorService workers, Spans spans, String spanName) {
        this.workers = workers;
        this.spans = spans;
        this.spanName = spanName;
    }

    /** Wraps {@code workers}; shutting the result down shuts {@code workers} down. */
    public static ExecutorService around(ExecutorService workers, Spans spans, String spanName) {
        return new TracedExecutor(workers, spans, spanName);
    }

    @Override
    public void execute(Runnable task) {
        Context caller = Context.current(); // on the submitting thread: the request's context
        workers.execute(() -> spans.span(spanName).parent(caller).run(task));
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
