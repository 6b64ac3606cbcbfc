package io.sightline.events;

import java.time.Instant;
import java.util.List;

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
 * @param findings       what the curves say, with evidence and a suggestion each (added later; null from older
 *                       producers, empty when nothing was found)
 * @param parameters     the parameters in effect, an automatic learning rate resolved to the rate chosen (added
 *                       later; null from older producers)
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
        Instant completedAt,
        List<TrainingFinding> findings,
        TrainingParameters parameters) {

    public static final String TYPE = EventTypes.TRAINING_COMPLETED;

    public TrainingCompleted {
        findings = findings == null ? null : List.copyOf(findings);
    }

    /** A completion without findings (the payload before they were added). */
    public TrainingCompleted(String jobId, String model, String modelVersion, String dataset, String datasetVersion,
                             double testAccuracy, double testLoss, String artifactKey, long durationMs,
                             Instant completedAt) {
        this(jobId, model, modelVersion, dataset, datasetVersion, testAccuracy, testLoss, artifactKey, durationMs,
                completedAt, null, null);
    }
}
