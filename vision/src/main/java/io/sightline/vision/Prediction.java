package io.sightline.vision;

/**
 * One class's score for an image.
 *
 * @param label       class name
 * @param probability softmax probability in [0, 1]
 */
public record Prediction(String label, double probability) {
}
