package io.sightline.trainer.training;

import java.util.List;

/**
 * A learning-rate range test as it ran (decision 101): the rates tried, one optimiser step each, rising
 * exponentially, the smoothed training loss after each, and the rate chosen from them.
 *
 * @param rates        the rate of each step
 * @param losses       the training loss of each step, smoothed as {@link RangeTestRule} reads it
 * @param chosen       the rate the job trained with: where the smoothed loss fell the most before its lowest
 *                     point, within [{@link RangeTestRule#LOWEST}, {@link RangeTestRule#HIGHEST}]; 1e-3 when the
 *                     curve shows no valley
 * @param minimumRate  the rate at the lowest smoothed loss
 * @param plannedSteps steps the job's size allowed ({@link LearningRateFinder#steps})
 * @param diverged     whether the loss ran away before the last planned step (the sweep stopped there)
 * @param durationMs   wall time of the test, weights restored included
 * @param rule         how the rate was chosen, for people
 */
public record LearningRateSweep(List<Double> rates, List<Double> losses, double chosen, double minimumRate,
                                int plannedSteps, boolean diverged, long durationMs, String rule) {

    public LearningRateSweep {
        rates = List.copyOf(rates);
        losses = List.copyOf(losses);
    }
}
