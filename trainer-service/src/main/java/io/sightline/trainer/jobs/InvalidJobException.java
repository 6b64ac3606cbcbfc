package io.sightline.trainer.jobs;

/** A job request that cannot be run as asked. The message says why, for the person who asked. */
public class InvalidJobException extends RuntimeException {

    public InvalidJobException(String message) {
        super(message);
    }
}
