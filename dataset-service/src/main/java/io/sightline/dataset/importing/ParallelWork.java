package io.sightline.dataset.importing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Spreads the per-file work of one import stage over {@link io.sightline.dataset.DatasetSettings#threads()} threads. */
final class ParallelWork {

    private final int threads;

    ParallelWork(int threads) {
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    /** Runs {@code task(0..count-1)} on the configured threads and waits; the first failure is rethrown. */
    void forEach(int count, IntConsumer task) {
        if (threads <= 1 || count < 2) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(task)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
