package io.sightline.trainer.jobs.queue;

import io.sightline.events.TrainingParameters;

/**
 * "Whenever a new version of this dataset is split, train this model on it."
 *
 * @param dataset    dataset name
 * @param model      model to train
 * @param parameters how to train it
 */
public record RetrainRule(String dataset, String model, TrainingParameters parameters) {
}
