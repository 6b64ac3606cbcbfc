package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The range test's rule on 20-step curves of noisy batches: the rate where the smoothed loss crossed the level halfway
 * down to its lowest point, which moves little when noise moves that lowest point; a lucky batch on the flat start
 * or a curve without a valley never hands Adam a rate at which a few epochs learn nothing.
 */
class RangeTestRuleTest {

    /** Recorded: the range test of LearningRateFinderTest (3 classes, batch 8, 16 px), raw per-step losses. */
    static final List<Double> RECORDED_BATCH_8 = List.of(4.2747, 4.0403, 3.0287, 5.0378, 3.0400, 2.6315, 3.4401,
            2.9762, 2.9920, 1.4300, 0.9452, 1.1669, 5.7640, 3.8547, 5.4340, 11.4251, 24.5123);
    /**
     * Shaped like an augmented batch-64 run on 10 classes: flat at ln 10 with noise, one lucky batch of 1.55 at the
     * second step, a shallow valley (10% below the start) around 1e-2, running away at 1.
     */
    static final List<Double> LUCKY_START = List.of(2.30, 1.55, 2.29, 2.31, 2.28, 2.30, 2.27, 2.31, 2.26, 2.29,
            2.22, 2.14, 2.08, 2.06, 2.12, 2.30, 2.70, 3.6, 6.5, 12.0);

    @Test
    void onTheRecordedNoisyCurveTheRateIsWhereTheCurveIsHalfwayDown() {
        List<Double> rates = rates(20).subList(0, RECORDED_BATCH_8.size()); // it ran away at step 17 of 20
        LearningRateSweep sweep = RangeTestRule.choose(rates, RECORDED_BATCH_8, 20, true, 1);

        // the valley is steps 9-11 (7e-4 to 3e-3) with a spike of 5.8 right after
        assertThat(sweep.minimumRate()).isEqualTo(rates.get(lowest(movingAverage(RECORDED_BATCH_8))))
                .isEqualTo(rates.get(11));
        List<Double> curve = sweep.losses();
        double halfway = (curve.get(0) + curve.get(11)) / 2;
        int read = 1;
        while (curve.get(read) > halfway) {
            read++;
        }
        assertThat(curve.subList(0, read)).allMatch(loss -> loss > halfway);
        // where the curve crossed the level between that step and the one before, on the log of the rate
        double share = (curve.get(read - 1) - halfway) / (curve.get(read - 1) - curve.get(read));
        double crossed = rates.get(read - 1) * Math.pow(rates.get(read) / rates.get(read - 1), share);
        assertThat(sweep.chosen()).isCloseTo(crossed, org.assertj.core.data.Offset.offset(crossed * 1e-9))
                .isBetween(rates.get(read - 1), rates.get(read)).isBetween(1e-4, 3e-2);
        // the job continues from the last step at a rate up to the one read
        assertThat(RangeTestRule.lastStepUpTo(rates, curve, RangeTestRule.floor(rates, RECORDED_BATCH_8)))
                .isEqualTo(read - 1);
        assertThat(sweep.losses()).hasSameSizeAs(rates);
        assertThat(sweep.rule()).contains("halfway down", "stopped when the loss ran away");
    }

    @Test
    void noiseThatMovesTheLowestPointMovesTheRateLittle() {
        // the same descent; the runaway starts two steps later on the second curve, so its lowest point is 4x higher
        List<Double> early = List.of(2.9, 2.9, 2.88, 2.9, 2.87, 2.85, 2.8, 2.6, 2.3, 1.9, 1.6, 1.4, 1.3, 1.25, 1.5,
                2.5, 4.0, 7.0, 12.0, 20.0);
        List<Double> late = List.of(2.9, 2.9, 2.88, 2.9, 2.87, 2.85, 2.8, 2.6, 2.3, 1.9, 1.6, 1.4, 1.3, 1.25, 1.2,
                1.18, 1.5, 3.0, 8.0, 20.0);
        LearningRateSweep first = RangeTestRule.choose(rates(20), early, 20, false, 1);
        LearningRateSweep second = RangeTestRule.choose(rates(20), late, 20, false, 1);

        assertThat(second.minimumRate()).isGreaterThanOrEqualTo(first.minimumRate() * 3.9);
        // the lowest point moved by a factor of 4, the reading by at most one step
        assertThat(second.chosen()).isBetween(first.chosen(), first.chosen() * 2.1).isLessThan(first.minimumRate());
    }

    @Test
    void oneLuckyBatchAtTheStartDoesNotPinTheRateToTheFloor() {
        List<Double> rates = rates(LUCKY_START.size());
        LearningRateSweep sweep = RangeTestRule.choose(rates, LUCKY_START, 20, false, 1);

        // the moving average alone bottoms out at the lucky batch: 2e-6 / 10, clamped to 1e-5, learns nothing
        assertThat(lowest(movingAverage(LUCKY_START))).isEqualTo(1);
        assertThat(sweep.minimumRate()).isBetween(rates.get(11), rates.get(15));
        assertThat(sweep.chosen()).isBetween(rates.get(9), sweep.minimumRate()).isBetween(1e-4, 1e-2);
    }

    @Test
    void aCurveWithoutAValleyTrainsAtTheDefaultRate() {
        List<Double> flat = List.of(2.30, 2.28, 2.33, 2.27, 2.31, 2.29, 2.32, 2.26, 2.30, 2.31, 2.28, 2.33, 2.29,
                2.30, 2.27, 2.35, 2.6, 3.4, 6.2, 11.0);
        LearningRateSweep sweep = RangeTestRule.choose(rates(flat.size()), flat, 20, true, 1);

        assertThat(sweep.chosen()).isEqualTo(RangeTestRule.FALLBACK);
        assertThat(sweep.rule()).contains("no valley", "the default 1e-03");
    }

    @Test
    void stoppingWhereTheCurveTurnedReadsTheRateTheWholeCurveGives() {
        List<Double> early = List.of(2.9, 2.9, 2.88, 2.9, 2.87, 2.85, 2.8, 2.6, 2.3, 1.9, 1.6, 1.4, 1.3, 1.25, 1.5,
                2.5, 4.0, 7.0, 12.0, 20.0);
        for (List<Double> raw : List.of(RECORDED_BATCH_8, LUCKY_START, early)) {
            List<Double> rates = rates(20).subList(0, raw.size());
            int stop = 1;
            while (stop < raw.size() && !RangeTestRule.turned(RangeTestRule.smooth(raw.subList(0, stop)))) {
                stop++;
            }
            assertThat(stop).as("%s turns before its end", raw).isLessThan(raw.size());
            assertThat(RangeTestRule.choose(rates.subList(0, stop), raw.subList(0, stop), 20, true, 1).chosen())
                    .isEqualTo(RangeTestRule.choose(rates, raw, 20, true, 1).chosen());
        }
        List<Double> flat = List.of(2.30, 2.28, 2.33, 2.27, 2.31, 2.29, 2.32, 2.26, 2.30, 2.31, 2.28, 2.33, 2.29);
        for (int n = 1; n <= flat.size(); n++) { // no valley: it never turns
            assertThat(RangeTestRule.turned(RangeTestRule.smooth(flat.subList(0, n)))).isFalse();
        }
    }

    @Test
    void aValleyNoDeeperThanTheNoiseOfTheFlatStartIsNoValley() {
        // recorded on 3 classes, batch 8: single losses of 2.2 to 5.4 before 1e-5, a smoothed low of 3.3 after
        List<Double> noise = List.of(5.4357, 5.3691, 2.1683, 4.0423, 3.6386, 3.8108, 3.0789, 3.5526, 1.8423, 3.2176,
                2.4321, 8.1679, 7.4265, 1.8187);
        LearningRateSweep sweep = RangeTestRule.choose(rates(20).subList(0, noise.size()), noise, 20, true, 1);

        assertThat(RangeTestRule.floor(rates(20), noise)).isEqualTo(2.1683);
        assertThat(sweep.chosen()).isEqualTo(RangeTestRule.FALLBACK);
        assertThat(sweep.rule()).contains("not below the lowest single loss before 1e-05 (2.1683)", "no valley");
        // the same curve from a quiet start reads a rate
        List<Double> quiet = new ArrayList<>(noise);
        quiet.set(2, 5.3);
        assertThat(RangeTestRule.choose(rates(20).subList(0, noise.size()), quiet, 20, true, 1).chosen())
                .isNotEqualTo(RangeTestRule.FALLBACK);
    }

    @Test
    void theMedianOutvotesOneBatchAtTheEndsToo() {
        assertThat(RangeTestRule.median(List.of(9.0, 1.0, 1.0, 1.0, 1.0, 9.0))).containsOnly(1.0);
        assertThat(RangeTestRule.median(List.of(1.0, 9.0, 1.0, 1.0))).containsOnly(1.0);
        assertThat(RangeTestRule.median(List.of(3.0, 1.0))).containsExactly(2.0, 2.0);
        assertThat(RangeTestRule.smooth(List.of())).isEmpty();
    }

    /** As the range test steps: 1e-6 to 1, exponentially. */
    private static List<Double> rates(int steps) {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            rates.add(LearningRateFinder.MIN_RATE * Math.pow(LearningRateFinder.MAX_RATE / LearningRateFinder.MIN_RATE,
                    (double) i / (steps - 1)));
        }
        return rates;
    }

    /** The bias-corrected moving average the rule read alone before (weight of the past 0.8). */
    private static List<Double> movingAverage(List<Double> raw) {
        List<Double> smoothed = new ArrayList<>();
        double average = 0;
        for (int i = 0; i < raw.size(); i++) {
            average = RangeTestRule.SMOOTHING * average + (1 - RangeTestRule.SMOOTHING) * raw.get(i);
            smoothed.add(average / (1 - Math.pow(RangeTestRule.SMOOTHING, i + 1)));
        }
        return smoothed;
    }

    private static int lowest(List<Double> values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) < values.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
