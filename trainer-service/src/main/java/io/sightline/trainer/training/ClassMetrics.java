package io.sightline.trainer.training;

/**
 * How well a model does on one class of a split.
 *
 * @param name      class name
 * @param support   images of this class
 * @param predicted images predicted as this class
 * @param precision correct predictions of the class / all predictions of it (0 when never predicted)
 * @param recall    correct predictions of the class / its images (0 when it has none)
 * @param f1        harmonic mean of precision and recall (0 when both are 0)
 */
public record ClassMetrics(String name, int support, int predicted, double precision, double recall, double f1) {
}
