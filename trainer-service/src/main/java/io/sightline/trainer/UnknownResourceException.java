package io.sightline.trainer;

/** A job, model or model version that does not exist. The message says which, for people. */
public class UnknownResourceException extends RuntimeException {

    public UnknownResourceException(String message) {
        super(message);
    }

    public static UnknownResourceException job(String jobId) {
        return new UnknownResourceException("no training job " + jobId);
    }

    public static UnknownResourceException model(String model) {
        return new UnknownResourceException("no model " + model);
    }

    public static UnknownResourceException modelVersion(String model, String version) {
        return new UnknownResourceException("model " + model + " has no version " + version);
    }
}
