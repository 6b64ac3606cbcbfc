package io.sightline.trainer.jobs;

/**
 * The thing asked about is in a state that forbids the change (a finished job cancelled, a serving model deleted);
 * the message says which and what would be allowed, for people.
 */
public class JobStateConflictException extends RuntimeException {

    public JobStateConflictException(String message) {
        super(message);
    }
}
