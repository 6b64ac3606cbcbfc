package io.sightline.dataset;

/** A dataset, version or artefact that does not exist (or does not exist yet). */
public class UnknownDatasetException extends RuntimeException {

    public UnknownDatasetException(String message) {
        super(message);
    }
}
