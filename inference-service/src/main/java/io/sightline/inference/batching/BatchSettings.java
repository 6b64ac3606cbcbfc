package io.sightline.inference.batching;

import java.time.Duration;

/**
 * How requests to one model are batched and run.
 *
 * @param maxBatchSize largest number of images (rows) in one forward pass; 1 turns batching off
 * @param maxDelay     longest a request waits for others to join its batch. The wait only happens while
 *                     other requests for the model are on their way (decoding); a lone request runs at once
 * @param queueSize    rows that may wait for a worker; beyond it requests are refused at once (429)
 * @param workers      threads running forward passes for the model, each one batch at a time
 */
public record BatchSettings(int maxBatchSize, Duration maxDelay, int queueSize, int workers) {

    /** Batching on: up to 16 rows, 1 ms, 256 queued rows, 1 worker. */
    public static final BatchSettings DEFAULT = new BatchSettings(16, Duration.ofMillis(1), 256, 1);

    public BatchSettings {
        if (maxBatchSize < 1 || queueSize < 1 || workers < 1) {
            throw new IllegalArgumentException("batch size, queue size and workers must be at least 1: " + maxBatchSize
                    + ", " + queueSize + ", " + workers);
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new IllegalArgumentException("the batching delay must not be negative, got " + maxDelay);
        }
    }

    /** No batching: each request is its own forward pass, still through the bounded queue and the workers. */
    public static BatchSettings unbatched(int queueSize, int workers) {
        return new BatchSettings(1, Duration.ZERO, queueSize, workers);
    }
}
