package io.sightline.dataset.source;

/** A request that can never succeed as given; the message says what to change. */
public class InvalidImportException extends RuntimeException {

    public InvalidImportException(String message) {
        super(message);
    }
}
