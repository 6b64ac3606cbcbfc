package io.sightline.storage;

import java.io.IOException;

/** A writer waited as long as it may for the store's garbage collection to finish, and gives up. */
public class StoreBusyException extends IOException {

    public StoreBusyException(String message) {
        super(message);
    }
}
