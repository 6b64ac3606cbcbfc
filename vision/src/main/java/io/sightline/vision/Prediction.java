package io.sightline.vision;

/**
 * One class's score for an image.
 *
 * @param label       class id
 * @param name        display name of the class; the label itself when the model's dataset named none
 * @param probability softmax probability in [0, 1]
 */
public record Prediction(String label, String name, double probability) {

    /** A prediction for a class without a display name. */
    public Prediction(String label, double probability) {
        this(label, label, probability);
    }
}
