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

    /** The gist of an engine error for a reason: its last line (PyTorch puts its traceback before it). */
    static String gist(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String[] lines = message.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }
}
