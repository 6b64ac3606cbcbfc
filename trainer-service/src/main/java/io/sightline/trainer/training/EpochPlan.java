package io.sightline.trainer.training;

import java.util.List;

/**
 * How many epochs each phase runs: the spec's, fewer when a time budget cannot fit them. Revised after every
 * epoch from that epoch's length, so that the rest of the run, the test evaluation, the champion's re-evaluation
 * and publishing end within the budget.
 */
final class EpochPlan {

    private final TrainingSpec spec;
    /** {@code System.nanoTime()} when the job started: the budget counts from there. */
    private final long start;
    private final int fineTuneAsked;
    private final int trainImages;
    private final int testImages;
    private int planned1;
    private int planned2;
    private long epochNanosSum;
    private int epochsTimed;
    private long heldOutNanosPerImage;
    private long reservedNanos;

    /**
     * @param fineTune    whether the run has a fine-tuning phase
     * @param trainImages images of one training pass
     * @param testImages  images of the final test evaluation
     */
    EpochPlan(TrainingSpec spec, long start, boolean fineTune, int trainImages, int testImages) {
        this.spec = spec;
        this.start = start;
        this.fineTuneAsked = fineTune ? spec.fineTuneEpochs() : 0;
        this.trainImages = trainImages;
        this.testImages = testImages;
        this.planned1 = spec.epochs();
        this.planned2 = fineTuneAsked;
    }

    /** Epochs planned for a phase (1 = training, 2 = fine-tuning). */
    int planned(int phase) {
        return phase == 1 ? planned1 : planned2;
    }

    /** Epochs planned in all. */
    int total() {
        return planned1 + planned2;
    }

    /** The time one held-out image took to evaluate, which predicts the test evaluation's. */
    void heldOutTook(long nanosPerImage) {
        heldOutNanosPerImage = nanosPerImage;
    }

    /**
     * Revises the plan after an epoch: the epochs still planned, at the length of the last epoch (the first is
     * slower: the engine warms up), plus a reserve for the test evaluation, the champion's re-evaluation (one
     * forward pass over the test split each) and publishing. Never more epochs than asked for; the schedule
     * follows the plan.
     *
     * @param history       the epochs before the one that just ended
     * @param trainingNanos time spent in training passes so far, the epoch that just ended included
     */
    void revise(int phase, long epochNanos, long trainingNanos, List<EpochMetrics> history) {
        if (spec.timeBudgetSeconds() <= 0) {
            return;
        }
        epochNanosSum += epochNanos;
        epochsTimed++;
        long forwardPerImage = heldOutNanosPerImage > 0 ? heldOutNanosPerImage
                : trainingNanos / Math.max(1, (long) trainImages * epochsTimed) / 3;
        reservedNanos = 2 * forwardPerImage * testImages
                + Math.max(2_000_000_000L, spec.timeBudgetSeconds() * 20_000_000L); // writing: 2 % or 2 s
        long left = start + spec.timeBudgetSeconds() * 1_000_000_000L - System.nanoTime() - reservedNanos;
        int more = (int) Math.max(0, Math.min(Integer.MAX_VALUE, left / Math.max(1, epochNanos)));
        // the epoch that just ended is not in the history yet
        int done1 = (int) history.stream().filter(h -> !EpochMetrics.FINE_TUNE.equals(h.phase())).count()
                + (phase == 1 ? 1 : 0);
        int done2 = history.size() + 1 - done1;
        if (phase == 1) {
            int all = Math.min(spec.epochs() + fineTuneAsked, done1 + more);
            // the phases keep their proportions; the first phase gets at least the epochs it has run
            int first = (int) Math.round((double) all * spec.epochs() / Math.max(1, spec.epochs() + fineTuneAsked));
            planned1 = Math.max(done1, Math.min(spec.epochs(), first));
            planned2 = Math.min(fineTuneAsked, Math.max(0, all - planned1));
        } else {
            planned2 = Math.min(fineTuneAsked, done2 + more);
        }
    }

    /** How the budget was spent; null without one. */
    TimeBudget budget(long trainingStart) {
        return spec.timeBudgetSeconds() <= 0 ? null : new TimeBudget(spec.timeBudgetSeconds(), spec.totalEpochs(),
                total(), (trainingStart - start) / 1_000_000,
                epochsTimed == 0 ? 0 : epochNanosSum / epochsTimed / 1_000_000, reservedNanos / 1_000_000);
    }
}
