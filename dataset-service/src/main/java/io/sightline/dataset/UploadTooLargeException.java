package io.sightline.dataset;

/** An upload body is larger than the configured limit; nothing of it is kept. */
public final class UploadTooLargeException extends RuntimeException {

    public UploadTooLargeException(String message) {
        super(message);
    }
}
