package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Which steps' weights the range test keeps: the one the job finally continues from (the last at a rate up to the one
 * read) is never dropped on the way.
 */
class StepWeightsTest {

    @Test
    void theStepTheJobContinuesFromIsKeptAtEveryPointOfTheCurve() {
        Random random = new Random(5);
        int valleys = 0;
        for (int curve = 0; curve < 2_000; curve++) {
            List<Double> raw = curve(random, 5 + random.nextInt(40));
            List<Double> rates = rates(raw.size());
            int read = RangeTestRule.lastStepUpTo(rates, RangeTestRule.smooth(raw), RangeTestRule.floor(rates, raw));
            valleys += read >= 0 ? 1 : 0;
            for (int n = 1; n <= raw.size(); n++) {
                if (read >= 0 && read < n) { // a step taken and not yet dropped: it must still be readable
                    assertThat(StepWeights.readable(rates, RangeTestRule.smooth(raw.subList(0, n)),
                            RangeTestRule.floor(rates, raw.subList(0, n))))
                            .as("curve %s after %d steps", raw, n).contains(read);
                }
            }
        }
        assertThat(valleys).isGreaterThan(1_000); // the curves mostly have a valley to read
    }

    @Test
    void keepsTheReadingAsTheCurveStandsAndTheNewestStep() {
        Random random = new Random(11);
        for (int curve = 0; curve < 500; curve++) {
            List<Double> raw = curve(random, 40);
            for (int n = 3; n <= raw.size(); n++) {
                List<Double> smoothed = RangeTestRule.smooth(raw.subList(0, n));
                double floor = RangeTestRule.floor(rates(40), raw.subList(0, n));
                int read = RangeTestRule.readStep(rates(40), smoothed.subList(0, n - 1), floor);
                int count = n;
                assertThat(StepWeights.readable(rates(40), smoothed, floor)).contains(n - 1)
                        .allMatch(step -> step >= Math.max(0, read - 1) && step < count)
                        .satisfies(steps -> assertThat(read < 0 || steps.contains(read)).isTrue());
            }
        }
    }

    /** The test's rates: 1e-6 to 1, exponentially. */
    private static List<Double> rates(int steps) {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            rates.add(LearningRateFinder.MIN_RATE * Math.pow(LearningRateFinder.MAX_RATE / LearningRateFinder.MIN_RATE,
                    (double) i / Math.max(1, steps - 1)));
        }
        return rates;
    }

    /** A range test's shape: flat, a fall, a runaway; noise of its own size per curve, sometimes bumps. */
    private static List<Double> curve(Random random, int steps) {
        List<Double> raw = new ArrayList<>();
        double level = 2 + random.nextDouble() * 3;
        int fall = random.nextInt(steps);
        int rise = fall + random.nextInt(Math.max(1, steps - fall));
        double noise = random.nextDouble() * 0.4;
        for (int i = 0; i < steps; i++) {
            if (i >= fall && i < rise) {
                level *= 1 - random.nextDouble() * 0.15;
            } else if (i >= rise) {
                level *= 1 + random.nextDouble() * 0.3;
            }
            raw.add(level * (1 + noise * (random.nextDouble() - 0.5)));
        }
        return raw;
    }
}
