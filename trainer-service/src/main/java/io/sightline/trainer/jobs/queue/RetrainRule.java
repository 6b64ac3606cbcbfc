package io.sightline.trainer.jobs.queue;

import io.sightline.events.TrainingParameters;
import java.time.Duration;

/**
 * "Whenever a new version of this dataset is split, train this model on it."
 *
 * @param dataset    dataset name
 * @param model      model to train
 * @param parameters how to train it
 * @param debounce   how long a split waits for a newer one of the same dataset; null: the configured time
 */
public record RetrainRule(String dataset, String model, TrainingParameters parameters, Duration debounce) {

    /** A rule with the configured debounce time. */
    public RetrainRule(String dataset, String model, TrainingParameters parameters) {
        this(dataset, model, parameters, null);
    }
}
