package io.sightline.trainer.jobs.binding;

import io.sightline.trainer.jobs.queue.JobRequest;

/**
 * The body of {@code PUT /retrain-bindings/{dataset}}.
 *
 * @param model           the model to train on every new version of the dataset (required)
 * @param parameters      the hyperparameters, the fields of a training request (omitted ones get the same defaults);
 *                        null: every default
 * @param debounceSeconds how long a split waits for a newer one, 0 to 86400; null: the configured time
 */
public record BindingRequest(String model, JobRequest parameters, Integer debounceSeconds) {
}
