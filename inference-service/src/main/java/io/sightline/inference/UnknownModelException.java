package io.sightline.inference;

/** No model of this name was ever promoted (or the version asked for does not serve here). */
public final class UnknownModelException extends Exception {

    private final String model;

    public UnknownModelException(String model) {
        this(model, "unknown model: " + model);
    }

    /** With a message of its own, such as a version of the model that does not serve here. */
    public UnknownModelException(String model, String message) {
        super(message);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
