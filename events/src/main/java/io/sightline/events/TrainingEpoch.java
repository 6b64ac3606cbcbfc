package io.sightline.events;

/**
 * One finished epoch. {@code (jobId, epoch)} identifies it.
 *
 * @param jobId              job id (the record key)
 * @param model              model name
 * @param epoch              1-based epoch number
 * @param epochs             planned epochs
 * @param trainLoss          mean training loss over the epoch
 * @param trainAccuracy      training accuracy over the epoch
 * @param validationLoss     loss on held-out data (validation split, else test split), null if none
 * @param validationAccuracy accuracy on held-out data, null if none
 * @param learningRate       learning rate at the end of the epoch
 * @param durationMs         wall time of the epoch
 * @param imagesPerSecond    training images per second in the epoch's training pass (added later; null from
 *                           older producers)
 * @param peakLoss           the highest loss of one training batch in the epoch (added later; null from older
 *                           producers)
 * @param classes            classes of the job's dataset, for the diagnosis's chance levels (added later; null
 *                           from older producers)
 * @param trainLossError     the standard error of {@code trainLoss} from the spread of the epoch's batch losses
 *                           (added later; null from older producers and under two batches)
 */
public record TrainingEpoch(
        String jobId,
        String model,
        int epoch,
        int epochs,
        double trainLoss,
        double trainAccuracy,
        Double validationLoss,
        Double validationAccuracy,
        double learningRate,
        long durationMs,
        Double imagesPerSecond,
        Double peakLoss,
        Integer classes,
        Double trainLossError) {

    public static final String TYPE = EventTypes.TRAINING_EPOCH;

    /** An epoch without the spread of its batch losses (the payload before it was added). */
    public TrainingEpoch(String jobId, String model, int epoch, int epochs, double trainLoss, double trainAccuracy,
                         Double validationLoss, Double validationAccuracy, double learningRate, long durationMs,
                         Double imagesPerSecond, Double peakLoss, Integer classes) {
        this(jobId, model, epoch, epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate,
                durationMs, imagesPerSecond, peakLoss, classes, null);
    }

    /** An epoch without its peak batch loss and classes (the payload before they were added). */
    public TrainingEpoch(String jobId, String model, int epoch, int epochs, double trainLoss, double trainAccuracy,
                         Double validationLoss, Double validationAccuracy, double learningRate, long durationMs,
                         Double imagesPerSecond) {
        this(jobId, model, epoch, epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate,
                durationMs, imagesPerSecond, null, null, null);
    }

    /** An epoch without throughput (the payload before {@code imagesPerSecond} was added). */
    public TrainingEpoch(String jobId, String model, int epoch, int epochs, double trainLoss, double trainAccuracy,
                         Double validationLoss, Double validationAccuracy, double learningRate, long durationMs) {
        this(jobId, model, epoch, epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate,
                durationMs, null, null, null, null);
    }
}
