package io.sightline.dataset;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The imports waiting for a worker, bounded: past {@code capacity} waiting imports a new one is refused
 * ({@link ImportQueueFullException}, 429) instead of queued, so a flood of requests costs neither memory nor
 * hours of backlog. Imports already running do not count.
 */
public final class ImportQueue implements AutoCloseable {

    /** Imports that may wait when none is configured. */
    public static final int DEFAULT_CAPACITY = 16;
    /** How long a refused caller is asked to wait when none is configured. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    private final ExecutorService workers;
    private final int capacity;
    private final Duration retryAfter;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param workers    runs the imports; the queue shuts it down on {@link #close()}
     * @param capacity   imports that may wait for a worker, at least 1
     * @param retryAfter what a refused caller is told to wait
     */
    public ImportQueue(ExecutorService workers, int capacity, Duration retryAfter) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an import queue holds at least 1, got " + capacity);
        }
        this.workers = workers;
        this.capacity = capacity;
        this.retryAfter = retryAfter;
    }

    /** @throws ImportQueueFullException when no import could be queued now (checked before an upload is received) */
    void requireRoom() {
        if (waiting.get() >= capacity) {
            throw full();
        }
    }

    /**
     * Holds a place; {@link #run} it or {@link #release} it.
     *
     * @throws ImportQueueFullException when {@code capacity} imports are waiting
     */
    void reserve() {
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            throw full();
        }
    }

    /** Gives back a place reserved for an import that will not run. */
    void release() {
        waiting.decrementAndGet();
    }

    /** Runs a reserved import on a worker; its place frees when it starts. */
    void run(Runnable task) {
        try {
            workers.execute(() -> {
                waiting.decrementAndGet();
                task.run();
            });
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            throw e;
        }
    }

    /** Imports waiting for a worker now. */
    int waiting() {
        return waiting.get();
    }

    private ImportQueueFullException full() {
        return new ImportQueueFullException("the import queue is full (" + capacity
                + " imports waiting): try again later", retryAfter);
    }

    /** Stops taking work; imports under way get a few seconds to finish. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
