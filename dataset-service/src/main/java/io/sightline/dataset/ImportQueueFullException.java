package io.sightline.dataset;

import java.time.Duration;

/** Too many imports are waiting: this one is refused (429, with {@code Retry-After}). */
public final class ImportQueueFullException extends RuntimeException {

    private final transient Duration retryAfter;

    public ImportQueueFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the caller is asked to wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
