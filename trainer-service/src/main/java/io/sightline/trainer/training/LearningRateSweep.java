package io.sightline.trainer.training;

import java.util.List;

/**
 * A learning-rate range test as it ran (decision 101): the rates tried, one optimiser step each, rising
 * exponentially, the smoothed training loss after each, and the rate chosen from them.
 *
 * @param rates        the rate of each step
 * @param losses       the training loss of each step, smoothed as {@link RangeTestRule} reads it
 * @param chosen       the rate the job trained with: the first where the smoothed loss came halfway down from its
 *                     start to its lowest point, within [{@link RangeTestRule#LOWEST}, {@link RangeTestRule#HIGHEST}];
 *                     1e-3 when the curve shows no valley
 * @param minimumRate  the rate at the lowest smoothed loss
 * @param plannedSteps steps the job's size allowed ({@link LearningRateFinder#steps})
 * @param diverged     whether the loss ran away before the last planned step (the sweep stopped there)
 * @param durationMs   what the test cost the job: its wall time (weights kept and put back included) less the
 *                     {@code keptMs} of the steps the job counted as its first batches
 * @param rule         how the rate was chosen, for people
 * @param keptSteps    the test's first steps that the job counted as its own first batches (the first epoch trains
 *                     that many fewer), only as many as keep the test within its budget; 0 when the job trains every
 *                     batch (it still continues from the weights of the steps up to the chosen rate, a warm-up)
 * @param keptMs       the time of those steps, counted as training
 * @param warmUpSteps  the test's first steps, up to the one the rate was read at, whose weights the job continued
 *                     from; 0 when it started from the initial weights
 */
public record LearningRateSweep(List<Double> rates, List<Double> losses, double chosen, double minimumRate,
                                int plannedSteps, boolean diverged, long durationMs, String rule, int keptSteps,
                                long keptMs, int warmUpSteps) {

    public LearningRateSweep {
        rates = List.copyOf(rates);
        losses = List.copyOf(losses);
    }

    /**
     * This test as a resumed job carries it on: read by an earlier attempt, not run again, so it costs nothing now and
     * none of its steps are this attempt's.
     */
    LearningRateSweep reused() {
        return new LearningRateSweep(rates, losses, chosen, minimumRate, plannedSteps, diverged, 0, rule
                + "; read by an earlier attempt of this job and reused on resuming (the test did not run again)",
                keptSteps, 0, warmUpSteps);
    }

    /**
     * This test with the job continuing from the weights of its first {@code continued} steps, of which the first
     * {@code steps} count as the job's first batches; they took {@code ms} of its {@code wallMs}.
     */
    LearningRateSweep kept(int continued, int steps, long ms, long wallMs) {
        String told = continued == 0 ? rule : String.format(java.util.Locale.ROOT, "%s; the job continued from its"
                + " first %d steps, up to the chosen rate, as a warm-up%s", rule, continued, steps == 0
                ? " and trains every batch" : String.format(java.util.Locale.ROOT, "; %d of them (%d ms) count as"
                + " its first batches, to keep the test within %.0f%% of the job's steps", steps, ms,
                LearningRateFinder.SHARE * 100));
        return new LearningRateSweep(rates, losses, chosen, minimumRate, plannedSteps, diverged, wallMs - ms, told,
                steps, ms, continued);
    }
}
