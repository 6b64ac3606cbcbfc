package io.sightline.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the range test's rate is read from its curve (decision 101): the per-step losses, first through a centred
 * median of {@link #WINDOW} steps, then the bias-corrected moving average the sweep always used; the rate where that
 * curve falls the most in one step, before its lowest point, within [{@link #LOWEST}, {@link #HIGHEST}]; a curve
 * whose lowest point is less than {@link #LEAST_DROP} below its start shows no valley and trains at {@link #FALLBACK}.
 *
 * <p>Why the steepest fall and not a tenth of the lowest point: on Fashion-MNIST the lowest point moved by a factor
 * of 4 with the seed (3e-3 to 1.3e-2: the runaway's first noisy steps decide it), so its tenth left the window where
 * the job trains within 0.5 points of its best; the steepest fall of the smoothed curve sat at the same rate at
 * every seed (benchmarks: learning rate, auto).
 *
 * <p>Why the median first: the moving average alone takes a single lucky batch on the flat start (common with
 * augmentation and small batches) as a valley, and a rate near 1e-6 learns nothing in a few epochs. A median of three outvotes a lone batch and leaves a real valley where it is (on the recorded curve
 * of the test data the rate is the same as before).
 */
final class RangeTestRule {

    /** Steps in the centred median: one each side, a factor of 4 in rate at 20 steps. */
    static final int WINDOW = 3;
    /** Weight of the past in the moving average. */
    static final double SMOOTHING = 0.8;
    static final double LOWEST = 1e-5;
    static final double HIGHEST = 0.1;
    /**
     * Below this relative fall from the start the curve shows no valley, only noise: its lowest point and its
     * steepest fall are anywhere.
     */
    static final double LEAST_DROP = 0.03;
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
     * The step whose rate the rule reads from a smoothed curve: where it falls the most in one step, at or before its
     * lowest point, among the steps at rates within [{@link #LOWEST}, {@link #HIGHEST}] (the lowest point itself when
     * none is); -1 when the curve shows no valley (its lowest point less than {@link #LEAST_DROP} below its start).
     */
    static int readStep(List<Double> rates, List<Double> losses) {
        if (losses.isEmpty()) {
            return -1;
        }
        int best = 0;
        for (int i = 1; i < losses.size(); i++) {
            if (losses.get(i) < losses.get(best)) {
                best = i;
            }
        }
        if (!(losses.get(best) < (1 - LEAST_DROP) * losses.get(0))) {
            return -1;
        }
        int steepest = steepest(rates, losses, best);
        return steepest < 0 ? best : steepest;
    }

    /** The first step in 1..{@code last} with the largest one-step fall, at a rate within bounds; -1 when none. */
    static int steepest(List<Double> rates, List<Double> losses, int last) {
        int steepest = -1;
        for (int i = 1; i <= last; i++) {
            if (rates.get(i) >= LOWEST && rates.get(i) <= HIGHEST && (steepest < 0
                    || losses.get(i - 1) - losses.get(i) > losses.get(steepest - 1) - losses.get(steepest))) {
                steepest = i;
            }
        }
        return steepest;
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
        int steepest = readStep(rates, losses);
        double minimum = rates.isEmpty() ? LearningRateFinder.MIN_RATE : rates.get(best);
        double start = losses.isEmpty() ? Double.NaN : losses.get(0);
        double lowest = losses.isEmpty() ? Double.NaN : losses.get(best);
        boolean valley = steepest >= 0;
        double chosen = valley ? Math.max(LOWEST, Math.min(HIGHEST, rates.get(steepest))) : FALLBACK;
        String rule = valley
                ? String.format(Locale.ROOT, "smoothed loss (median of %d, moving average) lowest %.4f at rate %.3g,"
                        + " falling the most before it (%.4f in one step) at rate %.3g; within [%.0e, %.1f]: %.3g",
                        WINDOW, lowest, minimum, losses.get(steepest - 1) - losses.get(steepest), rates.get(steepest),
                        LOWEST, HIGHEST, chosen)
                : String.format(Locale.ROOT, "the smoothed loss fell less than %.0f%% below its start %.4f: no valley"
                        + " to read; the default %.0e", LEAST_DROP * 100, start, FALLBACK);
        rule += String.format(Locale.ROOT, " (%d of %d planned steps%s)", rates.size(), plannedSteps,
                diverged ? ", stopped when the loss ran away" : "");
        return new LearningRateSweep(rates, losses, chosen, minimum, plannedSteps, diverged, durationMs, rule, 0, 0);
    }
}
