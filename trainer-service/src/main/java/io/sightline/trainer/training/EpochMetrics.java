package io.sightline.trainer.training;

/**
 * One finished epoch.
 *
 * @param epoch              1-based epoch number
 * @param epochs             planned epochs
 * @param trainLoss          mean training loss over the epoch's images (network in training mode)
 * @param trainAccuracy      training accuracy over the epoch's images
 * @param validationLoss     mean loss on held-out data (validation split, else test split)
 * @param validationAccuracy accuracy on held-out data
 * @param learningRate       learning rate at the end of the epoch
 * @param durationMs         wall time of the epoch, held-out pass included
 */
public record EpochMetrics(int epoch, int epochs, double trainLoss, double trainAccuracy, Double validationLoss,
                           Double validationAccuracy, double learningRate, long durationMs) {
}
