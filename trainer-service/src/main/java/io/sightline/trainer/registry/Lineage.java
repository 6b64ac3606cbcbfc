package io.sightline.trainer.registry;

/**
 * Where a model version came from.
 *
 * @param jobId          the training job
 * @param trigger        who asked for it: {@code api} or {@code retrain:<dataset>}
 * @param dataset        dataset name
 * @param datasetVersion dataset version
 * @param datasetDigest  content digest of that dataset version
 */
public record Lineage(String jobId, String trigger, String dataset, String datasetVersion, String datasetDigest) {
}
