package io.sightline.inference;

/** No model of this name was ever promoted. */
public final class UnknownModelException extends Exception {

    private final String model;

    public UnknownModelException(String model) {
        super("unknown model: " + model);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
