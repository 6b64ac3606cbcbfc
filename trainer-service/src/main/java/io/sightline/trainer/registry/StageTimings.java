package io.sightline.trainer.registry;

/**
 * Wall time of each stage of a job, in milliseconds.
 *
 * @param preprocessingMs      reading and decoding every image (0 when over the cache budget: then it happens
 *                             inside training, batch by batch)
 * @param trainingMs           the epochs run by the attempt that finished, held-out passes included
 * @param evaluationMs         the test evaluation
 * @param totalMs              the whole job up to publishing
 * @param artifactWriteMs      writing the weights, architecture and signature
 * @param championEvaluationMs waiting at publishing for the champion's measurement on this test split (the promotion
 *                             gate); it starts with the job and runs beside training
 * @param learningRateFinderMs the learning-rate range test (0: the rate was given; added later)
 */
public record StageTimings(long preprocessingMs, long trainingMs, long evaluationMs, long totalMs,
                           long artifactWriteMs, long championEvaluationMs, long learningRateFinderMs) {

    public StageTimings(long preprocessingMs, long trainingMs, long evaluationMs, long totalMs, long artifactWriteMs,
                        long championEvaluationMs) {
        this(preprocessingMs, trainingMs, evaluationMs, totalMs, artifactWriteMs, championEvaluationMs, 0);
    }

    public StageTimings(long preprocessingMs, long trainingMs, long evaluationMs, long totalMs) {
        this(preprocessingMs, trainingMs, evaluationMs, totalMs, 0, 0);
    }
}
