package io.sightline.trainer.training;

/**
 * A job cannot produce a model for a reason its requester can act on (an empty split, an unreadable image,
 * a dataset version missing from the store). The message is that reason, written for people.
 */
public class TrainingFailure extends Exception {

    public TrainingFailure(String reason) {
        super(reason);
    }

    public TrainingFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
