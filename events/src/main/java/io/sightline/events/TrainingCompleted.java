package io.sightline.events;

import java.time.Instant;

/**
 * A job finished and wrote its model version to the store.
 *
 * @param jobId          job id (the record key)
 * @param model          model name
 * @param modelVersion   the version written
 * @param dataset        dataset name
 * @param datasetVersion dataset version trained on
 * @param testAccuracy   accuracy on the test split
 * @param testLoss       loss on the test split
 * @param artifactKey    store key of the model version folder
 * @param durationMs     wall time of the whole job
 * @param completedAt    when it finished
 */
public record TrainingCompleted(
        String jobId,
        String model,
        String modelVersion,
        String dataset,
        String datasetVersion,
        double testAccuracy,
        double testLoss,
        String artifactKey,
        long durationMs,
        Instant completedAt) {

    public static final String TYPE = EventTypes.TRAINING_COMPLETED;
}
