package io.sightline.inference;

/** The model was promoted but no version of it is loaded: its first load is running or failed. */
public final class ModelNotLoadedException extends Exception {

    private final String model;

    public ModelNotLoadedException(String model, String reason) {
        super("model " + model + " is not loaded: " + reason);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
