package io.sightline.events;

import java.time.Instant;
import java.util.Map;

/**
 * A model version became the one to serve. On the compacted {@link Topics#MODELS} topic the latest
 * promotion per model name is the registry.
 *
 * @param eventId        unique per event
 * @param model          model name (the record key)
 * @param version        the promoted version
 * @param artifactKey    store key of the model version folder
 * @param jobId          job that trained it
 * @param dataset        dataset name it was trained on
 * @param datasetVersion dataset version it was trained on
 * @param testAccuracy   its accuracy on the test split
 * @param promotedAt     when it was promoted
 * @param labels         the model's labels from its training request ({@link ModelLabels}), which inference pools
 *                       may select by; {@code null} in records written before labels (decision 108) and when none
 */
public record ModelPromoted(
        String eventId,
        String model,
        String version,
        String artifactKey,
        String jobId,
        String dataset,
        String datasetVersion,
        double testAccuracy,
        Instant promotedAt,
        Map<String, String> labels) {

    public static final String TYPE = EventTypes.MODEL_PROMOTED;

    public ModelPromoted {
        labels = labels == null || labels.isEmpty() ? null : Map.copyOf(labels);
    }

    /** A promotion without labels (the payload before they were added). */
    public ModelPromoted(String eventId, String model, String version, String artifactKey, String jobId,
                         String dataset, String datasetVersion, double testAccuracy, Instant promotedAt) {
        this(eventId, model, version, artifactKey, jobId, dataset, datasetVersion, testAccuracy, promotedAt, null);
    }

    /**
     * A promotion whose training data is not known where it is made: read back from the store's champion
     * document, or an operator's load.
     */
    public static ModelPromoted withoutDataset(String eventId, String model, String version, String artifactKey,
                                               String jobId, double testAccuracy, Instant promotedAt) {
        return new ModelPromoted(eventId, model, version, artifactKey, jobId, null, null, testAccuracy, promotedAt);
    }
}
