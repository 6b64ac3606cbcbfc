package io.sightline.trainer.jobs.queue;

/**
 * Carries the caller's context (the trace a request belongs to) over to a task that runs later on another
 * thread, such as a debounced retrain. The messaging layer propagates it through Kafka headers; across a
 * thread of our own it only goes where it is carried: the wiring passes the service kit's {@code Spans::carry}.
 */
@FunctionalInterface
public interface CallerContext {

    /** Carries nothing: the task runs with whatever context its thread has. */
    CallerContext NONE = task -> task;

    /** Wraps a task, on the calling thread, so that it runs in the caller's context wherever it runs. */
    Runnable carry(Runnable task);
}
