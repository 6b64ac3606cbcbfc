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
 *                     {@code keptMs} of the steps the job kept
 * @param rule         how the rate was chosen, for people
 * @param keptSteps    the test's first steps, up to the one the rate was read at, that the job kept as its own first
 *                     steps (a warm-up at rates rising to the chosen one; the first epoch trains that many batches
 *                     fewer); 0 when the job started from the initial weights
 * @param keptMs       the time of those steps, counted as training
 */
public record LearningRateSweep(List<Double> rates, List<Double> losses, double chosen, double minimumRate,
                                int plannedSteps, boolean diverged, long durationMs, String rule, int keptSteps,
                                long keptMs) {

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
                keptSteps, 0);
    }

    /** This test with its first {@code steps} kept by the job, which took {@code ms} of its {@code wallMs}. */
    LearningRateSweep kept(int steps, long ms, long wallMs) {
        String told = steps == 0 ? rule : String.format(java.util.Locale.ROOT, "%s; its first %d steps (%d ms),"
                + " up to the chosen rate, kept as the job's first steps", rule, steps, ms);
        return new LearningRateSweep(rates, losses, chosen, minimumRate, plannedSteps, diverged, wallMs - ms, told,
                steps, ms);
    }
}
