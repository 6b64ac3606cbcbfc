package io.sightline.trainer.console;

/** A console import request that is not forwarded: not a JSON object of known options, or too large. */
public class RefusedImportException extends RuntimeException {

    RefusedImportException(String message) {
        super(message);
    }
}
