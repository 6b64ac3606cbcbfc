package io.sightline.inference.serving;

import io.sightline.inference.ServerBusyException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The decodes in flight share one allowance of heap, counted in KiB of their decoded size: each image is
 * within its own {@link DecodeBudget}, but two hundred request threads decoding such images at once would
 * not be, and an {@code OutOfMemoryError} then strikes whichever thread allocates next (a Kafka consumer,
 * the batcher), not only the request that caused it. A request that cannot get its share within
 * {@link #WAIT_MILLIS} is refused as busy (429); small images (a few KiB) practically never wait.
 */
final class DecodeGate {

    /** How long a request may wait for others' decodes to finish. */
    static final long WAIT_MILLIS = 2_000;

    private final Semaphore kibibytes;
    private final int total;

    /** @param bytes what all decodes in flight may take together */
    DecodeGate(long bytes) {
        this.total = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes >> 10));
        this.kibibytes = new Semaphore(total, true);
    }

    /**
     * Waits for room to decode an image of {@code bytes}; hand the result to {@link #leave}.
     *
     * @throws ServerBusyException when the room does not come within {@link #WAIT_MILLIS}
     */
    int enter(String model, long bytes) throws ServerBusyException {
        int need = (int) Math.min(total, Math.max(1, (bytes + 1023) >> 10));
        try {
            if (kibibytes.tryAcquire(need, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return need;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ServerBusyException(model, "too many large images are being decoded at once: try again shortly");
    }

    void leave(int permits) {
        kibibytes.release(permits);
    }
}
