package io.sightline.trainer.training;

/**
 * How well a model does on one class of a split.
 *
 * @param name        class id
 * @param support     images of this class
 * @param predicted   images predicted as this class
 * @param precision   correct predictions of the class / all predictions of it (0 when never predicted)
 * @param recall      correct predictions of the class / its images (0 when it has none)
 * @param f1          harmonic mean of precision and recall (0 when both are 0)
 * @param displayName the class's display name from the dataset; null when the dataset named none (added later)
 */
public record ClassMetrics(String name, int support, int predicted, double precision, double recall, double f1,
                           String displayName) {

    /** Metrics of a class without a display name. */
    public ClassMetrics(String name, int support, int predicted, double precision, double recall, double f1) {
        this(name, support, predicted, precision, recall, f1, null);
    }

    /** The class as people read it: {@code id (name)} when it has a name other than its id, else the id. */
    public String title() {
        return displayName == null || displayName.equals(name) ? name : name + " (" + displayName + ")";
    }
}
