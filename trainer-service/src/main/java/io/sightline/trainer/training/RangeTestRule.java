package io.sightline.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the range test's rate is read from its curve (decision 101): the per-step losses, first through a centred
 * median of {@link #WINDOW} steps, then the bias-corrected moving average the sweep always used; the first rate
 * within [{@link #LOWEST}, {@link #HIGHEST}] where that curve has come halfway down from its start to its lowest
 * point, interpolated between the steps either side of the crossing ({@link #crossing}). A curve whose lowest point is less than {@link #LEAST_DROP} below its start, or not below every single loss
 * of the steps before {@link #LOWEST} (where nothing is learnt: their spread is the batches' noise), shows no valley
 * and trains at {@link #FALLBACK}.
 *
 * <p>Why halfway down: on Fashion-MNIST the rate that trains best over a few epochs (5e-4 to 1.5e-3) sat halfway
 * down the curve at seven of nine seeds; the steepest one-step fall (the rule until 2026-12-05) at four, once at
 * 6e-3, and a tenth of the lowest point (until 2026-12-04) at four, the lowest point moving by a factor of 40 with
 * the seed (benchmarks: learning rate, auto). The level halfway down depends on the lowest point's loss, not on
 * where the runaway's noisy steps put it.
 *
 * <p>Why the median first: the moving average alone takes a single lucky batch on the flat start (common with
 * augmentation and small batches) as a valley. A median of three outvotes a lone batch and leaves a real valley
 * where it is.
 */
final class RangeTestRule {

    /** Steps in the centred median: one each side, a factor of 4 in rate at 20 steps. */
    static final int WINDOW = 3;
    /** Weight of the past in the moving average. */
    static final double SMOOTHING = 0.8;
    static final double LOWEST = 1e-5;
    static final double HIGHEST = 0.1;
    /**
     * Below this relative fall from the start the curve shows no valley, only noise: its lowest point and the level
     * halfway down are anywhere.
     */
    static final double LEAST_DROP = 0.03;
    /** How far down from its start to its lowest point the curve must have come at the rate the rule reads. */
    static final double HALFWAY = 0.5;
    /** Share of its fall the curve must climb back after its lowest point for the test to stop ({@link #turned}). */
    static final double TURNED = 0.5;
    /** The fixed-rate default of a job: Adam's own, right for most small networks. */
    static final double FALLBACK = 1e-3;

    private RangeTestRule() {
    }

    /** Each loss the median of {@link #WINDOW} steps around it; at the ends the window moves inwards. */
    static List<Double> median(List<Double> raw) {
        List<Double> smoothed = new ArrayList<>(raw.size());
        int width = Math.min(WINDOW, raw.size());
        for (int i = 0; i < raw.size(); i++) {
            int from = Math.max(0, Math.min(i - WINDOW / 2, raw.size() - width));
            double[] window = raw.subList(from, from + width).stream()
                    .mapToDouble(Double::doubleValue).sorted().toArray();
            int n = window.length;
            smoothed.add(n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2);
        }
        return smoothed;
    }

    /** The curve the rule reads: the median of {@link #WINDOW}, then the bias-corrected moving average. */
    static List<Double> smooth(List<Double> raw) {
        List<Double> smoothed = new ArrayList<>(raw.size());
        double average = 0;
        List<Double> medians = median(raw);
        for (int i = 0; i < medians.size(); i++) {
            average = SMOOTHING * average + (1 - SMOOTHING) * medians.get(i);
            smoothed.add(average / (1 - Math.pow(SMOOTHING, i + 1)));
        }
        return smoothed;
    }

    /**
     * The step whose rate the rule reads from a smoothed curve: the first, at a rate within [{@link #LOWEST},
     * {@link #HIGHEST}], where the curve has come {@link #HALFWAY} down from its start to its lowest point (the lowest
     * point itself when none is); -1 when the curve shows no valley: its lowest point less than {@link #LEAST_DROP}
     * below its start, or not below {@code floor}, the lowest single loss of the steps before the rule's bounds (where
     * nothing is learnt yet: a valley no deeper than their noise is noise).
     */
    static int readStep(List<Double> rates, List<Double> losses, double floor) {
        if (losses.isEmpty()) {
            return -1;
        }
        int best = 0;
        for (int i = 1; i < losses.size(); i++) {
            if (losses.get(i) < losses.get(best)) {
                best = i;
            }
        }
        if (!(losses.get(best) < (1 - LEAST_DROP) * losses.get(0)) || !(losses.get(best) < floor)) {
            return -1;
        }
        double target = halfway(losses.get(0), losses.get(best));
        for (int i = 1; i <= best; i++) {
            if (within(rates.get(i)) && losses.get(i) <= target) {
                return i;
            }
        }
        return best;
    }

    /** The lowest raw loss at rates below {@link #LOWEST}; infinite when there is none. */
    static double floor(List<Double> rates, List<Double> raw) {
        double floor = Double.POSITIVE_INFINITY;
        for (int i = 0; i < raw.size() && rates.get(i) < LOWEST; i++) {
            floor = Math.min(floor, raw.get(i));
        }
        return floor;
    }

    /** The loss {@link #HALFWAY} down from {@code start} to {@code lowest}. */
    static double halfway(double start, double lowest) {
        return start - HALFWAY * (start - lowest);
    }

    static boolean within(double rate) {
        return rate >= LOWEST && rate <= HIGHEST;
    }

    /**
     * Whether the curve so far has turned: it shows a valley, and its newest final point (all but the last, whose
     * median is not yet centred) has climbed back above its lowest by {@link #TURNED} of the fall before it. A loss
     * at rates rising a factor of two a step does not come back from there, so the steps after cannot change what the
     * rule reads; they would only cost the job time.
     */
    static boolean turned(List<Double> losses) {
        int last = losses.size() - 2;
        if (last < 1) {
            return false;
        }
        double start = losses.get(0);
        double lowest = losses.subList(0, last + 1).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return lowest < (1 - LEAST_DROP) * start && losses.get(last) >= lowest + TURNED * (start - lowest);
    }

    /**
     * The rate at which the curve crossed the level halfway down, between step {@code read} (the first at or below
     * it) and the step before, log-linearly: a short test doubles its rate per step, and its first point below the
     * level lay up to twice past where the curve crossed it. The step's own rate when the step before was not above the
     * level (the rule's fallback to the lowest point, or a crossing below {@link #LOWEST}).
     */
    static double crossing(List<Double> rates, List<Double> losses, int read) {
        if (read < 1) {
            return rates.get(Math.max(0, read));
        }
        double target = halfway(losses.get(0), losses.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        double before = losses.get(read - 1);
        double at = losses.get(read);
        if (!(before > target && at <= target)) {
            return rates.get(read);
        }
        double share = (before - target) / (before - at);
        double from = Math.log(rates.get(read - 1));
        return Math.exp(from + share * (Math.log(rates.get(read)) - from));
    }

    /**
     * The last step at a rate no higher than the one read, whose weights the job may continue from; -1 when the
     * curve shows no valley.
     */
    static int lastStepUpTo(List<Double> rates, List<Double> losses, double floor) {
        int read = readStep(rates, losses, floor);
        if (read < 0) {
            return -1;
        }
        return rates.get(read) <= crossing(rates, losses, read) ? read : read - 1;
    }

    /** Reads the rate from the raw per-step losses of {@code rates}. */
    static LearningRateSweep choose(List<Double> rates, List<Double> raw, int plannedSteps, boolean diverged,
                                    long durationMs) {
        List<Double> losses = smooth(raw);
        int best = 0;
        for (int i = 1; i < losses.size(); i++) {
            if (losses.get(i) < losses.get(best)) {
                best = i;
            }
        }
        int read = readStep(rates, losses, floor(rates, raw));
        double minimum = rates.isEmpty() ? LearningRateFinder.MIN_RATE : rates.get(best);
        double start = losses.isEmpty() ? Double.NaN : losses.get(0);
        double lowest = losses.isEmpty() ? Double.NaN : losses.get(best);
        boolean valley = read >= 0;
        double crossed = valley ? crossing(rates, losses, read) : Double.NaN;
        double chosen = valley ? Math.max(LOWEST, Math.min(HIGHEST, crossed)) : FALLBACK;
        String rule = valley
                ? String.format(Locale.ROOT, "smoothed loss (median of %d, moving average) from %.4f to its lowest %.4f"
                        + " at rate %.3g; halfway down (%.4f) crossed at rate %.3g (steps at %.3g and %.3g); within"
                        + " [%.0e, %.1f]: %.3g", WINDOW, start, lowest, minimum, halfway(start, lowest), crossed,
                        rates.get(Math.max(0, read - 1)), rates.get(read), LOWEST, HIGHEST, chosen)
                : String.format(Locale.ROOT, "the smoothed loss fell less than %.0f%% below its start %.4f, or not below"
                        + " the lowest single loss before %.0e (%.4f): no valley to read; the default %.0e",
                        LEAST_DROP * 100, start, LOWEST, floor(rates, raw), FALLBACK);
        rule += String.format(Locale.ROOT, " (%d of %d planned steps%s)", rates.size(), plannedSteps,
                diverged ? ", stopped when the loss ran away" : "");
        return new LearningRateSweep(rates, losses, chosen, minimum, plannedSteps, diverged, durationMs, rule, 0, 0, 0);
    }
}
