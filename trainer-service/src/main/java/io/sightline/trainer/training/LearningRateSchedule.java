package io.sightline.trainer.training;

/**
 * The learning rate of every optimiser step of one phase: linear warm-up, then constant, cosine or step decay,
 * times a reduce-on-plateau factor (halved after {@code plateauPatience} epochs without a better validation result).
 */
final class LearningRateSchedule {

    /** Cosine ends at this share of the peak rather than 0: the last epochs still learn a little. */
    static final double COSINE_FLOOR = 0.01;
    static final double PLATEAU_FACTOR = 0.5;
    static final double STEP_FACTOR = 0.1;

    private final double peak;
    private final TrainingSpec.Schedule schedule;
    private final int epochs;
    private final int warmupEpochs;
    private final int stepEpochs;

    LearningRateSchedule(double peak, TrainingSpec.Schedule schedule, int epochs, int warmupEpochs, int stepEpochs) {
        this.peak = peak;
        this.schedule = schedule;
        this.epochs = epochs;
        this.warmupEpochs = Math.min(warmupEpochs, epochs);
        this.stepEpochs = Math.max(1, stepEpochs);
    }

    /** The rate after warm-up, before any decay. */
    double peak() {
        return peak;
    }

    /**
     * @param epoch    0-based epoch within the phase
     * @param batch    0-based batch within the epoch
     * @param batches  batches per epoch
     * @param plateau  the reduce-on-plateau factor in force (1 until the first reduction)
     */
    double rate(int epoch, int batch, int batches, double plateau) {
        double progress = epoch + (double) (batch + 1) / Math.max(1, batches); // epochs done after this step
        double rate;
        if (progress <= warmupEpochs) {
            rate = peak * progress / warmupEpochs;
        } else {
            double after = progress - warmupEpochs;
            int decayEpochs = Math.max(1, epochs - warmupEpochs);
            rate = switch (schedule) {
                case CONSTANT -> peak;
                case COSINE -> {
                    // from the peak at the first step after warm-up to the floor at the last step
                    int steps = decayEpochs * Math.max(1, batches);
                    double step = Math.round(after * Math.max(1, batches)) - 1;
                    double fraction = steps <= 1 ? 1 : Math.min(1.0, step / (steps - 1));
                    yield peak * (COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * fraction)));
                }
                case STEP -> peak * Math.pow(STEP_FACTOR, Math.floor((epoch - warmupEpochs) / (double) stepEpochs));
            };
        }
        return rate * plateau;
    }
}
