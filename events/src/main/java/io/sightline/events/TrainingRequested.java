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
 * @param architectureNote the request named no architecture and the trainer chose it for a small dataset: which, and
 *                       why (decision 102); absent otherwise and in records written before it
 */
public record TrainingRequested(
        String jobId,
        String model,
        String dataset,
        String datasetVersion,
        TrainingParameters parameters,
        String trigger,
        Instant requestedAt,
        String architectureNote) {

    public static final String TYPE = EventTypes.TRAINING_REQUESTED;

    /** A request whose architecture was asked for, or not chosen for the dataset's size. */
    public TrainingRequested(String jobId, String model, String dataset, String datasetVersion,
                             TrainingParameters parameters, String trigger, Instant requestedAt) {
        this(jobId, model, dataset, datasetVersion, parameters, trigger, requestedAt, null);
    }
}
