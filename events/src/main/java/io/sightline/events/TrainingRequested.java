package io.sightline.events;

import java.time.Instant;

/**
 * A training job was asked for (by the API or by a retrain binding). The job id is its idempotency key.
 *
 * @param jobId          unique job id
 * @param model          model name to register the result under (the record key)
 * @param dataset        dataset name
 * @param datasetVersion dataset version to train on
 * @param parameters     architecture and hyperparameters
 * @param trigger        who asked: {@code api} or {@code retrain:<dataset>}
 * @param requestedAt    when it was asked for
 */
public record TrainingRequested(
        String jobId,
        String model,
        String dataset,
        String datasetVersion,
        TrainingParameters parameters,
        String trigger,
        Instant requestedAt) {

    public static final String TYPE = EventTypes.TRAINING_REQUESTED;
}
