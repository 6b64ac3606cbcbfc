package io.sightline.trainer.registry;

/**
 * Wall time of each stage of a job, in milliseconds.
 *
 * @param preprocessingMs reading and decoding every image
 * @param trainingMs      all epochs, held-out passes included
 * @param evaluationMs    the test evaluation
 * @param totalMs         the whole job up to publishing
 */
public record StageTimings(long preprocessingMs, long trainingMs, long evaluationMs, long totalMs) {
}
