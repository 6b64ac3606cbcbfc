package io.sightline.trainer.registry;

/**
 * Where a model version came from.
 *
 * @param jobId          the training job
 * @param trigger        who asked for it: {@code api} or {@code retrain:<dataset>}
 * @param dataset        dataset name
 * @param datasetVersion dataset version
 * @param datasetDigest  content digest of that dataset version
 * @param baseModel      transfer learning: the backbone's origin ({@code model:version} or a TorchScript file/URL);
 *                       null from scratch
 * @param baseModelSha256 the SHA-256 of the TorchScript module trained on (lower-case hex); null for a registered
 *                       base, from scratch, and in versions written before it was recorded
 */
public record Lineage(String jobId, String trigger, String dataset, String datasetVersion, String datasetDigest,
                      String baseModel, String baseModelSha256) {

    /** The lineage of a model without a TorchScript backbone. */
    public Lineage(String jobId, String trigger, String dataset, String datasetVersion, String datasetDigest,
                   String baseModel) {
        this(jobId, trigger, dataset, datasetVersion, datasetDigest, baseModel, null);
    }

    /** The lineage of a from-scratch model. */
    public Lineage(String jobId, String trigger, String dataset, String datasetVersion, String datasetDigest) {
        this(jobId, trigger, dataset, datasetVersion, datasetDigest, null, null);
    }
}
