package io.sightline.trainer.training;

/**
 * One finished epoch.
 *
 * @param epoch              1-based epoch number (counting on through a fine-tuning phase)
 * @param epochs             planned epochs of both phases
 * @param trainLoss          mean training loss over the epoch's images (network in training mode)
 * @param trainAccuracy      training accuracy over the epoch's images
 * @param validationLoss     mean loss on held-out data (validation split, else test split)
 * @param validationAccuracy accuracy on held-out data
 * @param learningRate       learning rate of the epoch's last step
 * @param durationMs         wall time of the epoch, held-out pass included
 * @param imagesPerSecond    training images per second of the epoch's training pass (null in older records)
 * @param phase              {@code train} or {@code fine-tune} (null in older records: train)
 * @param peakLoss           the highest loss of one training batch in the epoch: a too-high rate throws the network
 *                           off in a few steps and the epoch's mean hides it (decision 115; null in older records)
 * @param trainLossError     the standard error of {@code trainLoss} from the spread of the epoch's batch losses: a
 *                           rise to the next epoch within it is sampling, not noise (decision 116; null in older
 *                           records and under two batches)
 */
public record EpochMetrics(int epoch, int epochs, double trainLoss, double trainAccuracy, Double validationLoss,
                           Double validationAccuracy, double learningRate, long durationMs, Double imagesPerSecond,
                           String phase, Double peakLoss, Double trainLossError) {

    public static final String TRAIN = "train";
    public static final String FINE_TUNE = "fine-tune";

    /** An epoch without the spread of its batch losses (as records before decision 116 hold them). */
    public EpochMetrics(int epoch, int epochs, double trainLoss, double trainAccuracy, Double validationLoss,
                        Double validationAccuracy, double learningRate, long durationMs, Double imagesPerSecond,
                        String phase, Double peakLoss) {
        this(epoch, epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, durationMs,
                imagesPerSecond, phase, peakLoss, null);
    }

    /** An epoch without its peak batch loss (as older records and the epoch events hold them). */
    public EpochMetrics(int epoch, int epochs, double trainLoss, double trainAccuracy, Double validationLoss,
                        Double validationAccuracy, double learningRate, long durationMs, Double imagesPerSecond,
                        String phase) {
        this(epoch, epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, durationMs,
                imagesPerSecond, phase, null, null);
    }

    /** An epoch without throughput or phase (as older records hold them). */
    public EpochMetrics(int epoch, int epochs, double trainLoss, double trainAccuracy, Double validationLoss,
                        Double validationAccuracy, double learningRate, long durationMs) {
        this(epoch, epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, durationMs,
                null, null, null, null);
    }
}
