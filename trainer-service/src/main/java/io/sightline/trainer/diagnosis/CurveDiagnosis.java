package io.sightline.trainer.diagnosis;

import io.sightline.events.TrainingFinding;
import io.sightline.trainer.training.EpochMetrics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a run's per-epoch curves and says what they show, each finding once, with its evidence and a suggestion
 * that carries a value. Works on the history so far (after every epoch) and on the whole run (at the end). The
 * thresholds are relative (shares of a loss, of the chance level ln K, accuracy points), not tuned to one dataset;
 * decision 101 gives the reason for each.
 */
public final class CurveDiagnosis {

    public static final String TOO_HIGH_RATE = "too-high-rate";
    public static final String TOO_LOW_RATE = "too-low-rate";
    public static final String NOISY = "noisy";
    public static final String DIVERGING = "diverging";
    public static final String PLATEAU = "plateau";
    public static final String OVER_FITTING = "over-fitting";
    public static final String UNDER_FITTING = "under-fitting";

    /** A training loss this many times the loss of a uniform guess (ln K): the network is worse than guessing. */
    static final double ABOVE_CHANCE = 1.5;
    /** A training loss within this share of ln K with accuracy under {@link #CHANCE_ACCURACY} × 1/K: it learned nothing. */
    static final double AT_CHANCE = 0.9;
    static final double CHANCE_ACCURACY = 1.5;
    /**
     * One batch's loss this many times a uniform guess's over K classes, or over {@link #SPIKE_CLASSES} when K is
     * smaller: the rate threw the network off within a few steps, which the epoch's mean loss hides once it
     * recovers. Past it lies a lower accuracy (decision 115).
     */
    static final double SPIKE = 3.0;
    /**
     * With few classes a uniform guess's loss is small (ln 2 = 0.69), and one hard batch of a learning network passes
     * three of them; the line stays at 3 × ln 10 = 6.9 nats (the true class at about 1/1000 on average) below ten.
     */
    static final int SPIKE_CLASSES = 10;
    /** An epoch-to-epoch rise of the mean training loss by more than this share is noise, not sampling. */
    static final double RISE = 0.05;
    /**
     * ... and by more than this share of ln K: near zero loss (a small training set nearly learned) the epoch means
     * of a few batches with augmentation and dropout move by hundredths of a nat, a large share of nothing
     * (decision 115; known classes only).
     */
    static final double RISE_FLOOR = 0.02;
    /**
     * ... and by more than this many standard errors of the difference of the two epochs' means, where both epochs
     * know the spread of their batch losses: on small data an epoch is a dozen batches, and which of them meet the
     * network in which state moves its mean by more than 5 % of a small loss (decision 116).
     */
    static final double RISE_ERRORS = 2.0;
    /**
     * A diverging rate divided by its spike's height goes no lower than this: a network thrown a million nats high
     * says its rate is far too high, not that 1e-6 would do — below 1e-4 lies the fine-tuning range, and auto.
     */
    static final double LOWEST_SUGGESTED = 1e-4;
    /** Epochs of flat training loss, and how flat (share of the loss gained over them), for a plateau. */
    static final int PLATEAU_EPOCHS = 3;
    static final double FLAT = 0.01;
    /** A train/validation accuracy gap above this, grown by {@link #GAP_GROWTH} over the last 3 epochs. */
    static final double GAP = 0.10;
    static final double GAP_GROWTH = 0.05;
    /** Under this training accuracy, with validation as good, and the loss still falling by {@link #FALLING}. */
    static final double UNDER_FIT_ACCURACY = 0.90;
    static final double FALLING = 0.03;

    /**
     * What the diagnosis needs beyond the curves.
     *
     * @param classes   classes of the dataset (0: unknown, the chance-level rules are skipped)
     * @param peakRate  the first phase's peak learning rate (the basis of rate suggestions)
     * @param augmented whether the run used augmentation
     * @param transfer  whether the run started from a pretrained base
     * @param rateFound whether the range test chose the rate ({@code learningRate: auto}): advice does not offer it
     */
    public record Context(int classes, double peakRate, boolean augmented, boolean transfer, boolean rateFound) {

        /** A run at a rate someone chose. */
        public Context(int classes, double peakRate, boolean augmented, boolean transfer) {
            this(classes, peakRate, augmented, transfer, false);
        }
    }

    private CurveDiagnosis() {
    }

    /** The findings of a history, at most one of each kind; empty for a healthy run. */
    public static List<TrainingFinding> diagnose(List<EpochMetrics> history, Context context) {
        List<TrainingFinding> findings = new ArrayList<>();
        List<EpochMetrics> phase = firstPhase(history);
        if (phase.isEmpty()) {
            return findings;
        }
        // curves shaken by too high a rate say nothing reliable about fitting: the rate comes first
        if (!rate(phase, context, findings)) {
            plateauOrUnderFitting(phase, context, findings);
            overFitting(phase, context, findings);
        }
        return findings;
    }

    /** The first phase's epochs: the fine-tuning phase runs at another rate, its jump would read as noise. */
    private static List<EpochMetrics> firstPhase(List<EpochMetrics> history) {
        return history.stream().filter(e -> !EpochMetrics.FINE_TUNE.equals(e.phase())).toList();
    }

    /**
     * The rate: worse than chance, stuck at chance (too high, or too low when the loss only crept down), one batch
     * thrown far above chance, rising twice running (diverging) or once (noisy).
     */
    private static boolean rate(List<EpochMetrics> phase, Context c, List<TrainingFinding> findings) {
        double chance = c.classes() > 1 ? Math.log(c.classes()) : Double.NaN;
        for (EpochMetrics e : phase) {
            // a mean above chance from a start above it is no divergence when no batch was thrown (decision 115)
            boolean thrown = e.peakLoss() == null || e.peakLoss() > spikeLine(c);
            if (!Double.isFinite(e.trainLoss()) || e.trainLoss() > ABOVE_CHANCE * chance && thrown) {
                // a batch thrown far past the line says how far: the rate ÷ the spike's height, as for a spike
                double height = e.peakLoss() == null || !Double.isFinite(e.trainLoss()) ? Double.NaN
                        : e.peakLoss() / Math.log(Math.max(c.classes(), SPIKE_CLASSES));
                boolean measured = height > 10;
                findings.add(new TrainingFinding(DIVERGING, e.epoch(), String.format(Locale.ROOT,
                        "training loss %.4g in epoch %d, above %.1f× the %.3f of a uniform guess over %d classes%s:"
                                + " the rate is too high", e.trainLoss(), e.epoch(), ABOVE_CHANCE, chance,
                        c.classes(), measured ? String.format(Locale.ROOT, "; a batch's loss reached %.4g, %.0f×"
                                + " a guess", e.peakLoss(), height) : ""),
                        lower(c, measured ? (int) Math.round(Math.max(10, Math.min(height,
                                c.peakRate() / LOWEST_SUGGESTED))) : 10)));
                return true;
            }
        }
        EpochMetrics last = phase.get(phase.size() - 1);
        if (c.classes() > 1 && last.trainLoss() >= AT_CHANCE * chance
                && last.trainAccuracy() <= CHANCE_ACCURACY / c.classes()) {
            if (creptDown(phase, c)) {
                findings.add(new TrainingFinding(TOO_LOW_RATE, last.epoch(), String.format(Locale.ROOT,
                        "after %d epoch(s) training loss %.4f (a uniform guess: %.4f) and accuracy %.3f (chance:"
                                + " %.3f), from %.4f in epoch 1, with no batch above %.4g: the steps are too"
                                + " small to learn", phase.size(), last.trainLoss(), chance, last.trainAccuracy(),
                        1.0 / c.classes(), phase.get(0).trainLoss(), highestPeak(phase)), raise(c)));
                return true;
            }
            findings.add(new TrainingFinding(TOO_HIGH_RATE, last.epoch(), String.format(Locale.ROOT,
                    "after %d epoch(s) training loss %.4f (a uniform guess: %.4f) and accuracy %.3f (chance: %.3f):"
                            + " the network learned nothing", phase.size(), last.trainLoss(), chance,
                    last.trainAccuracy(), 1.0 / c.classes()), lower(c, 10)));
            return true;
        }
        if (spike(phase, c, findings)) {
            return true;
        }
        int rises = 0;
        EpochMetrics firstRise = null;
        for (int i = 1; i < phase.size(); i++) {
            EpochMetrics before = phase.get(i - 1);
            EpochMetrics now = phase.get(i);
            // a warm-up raises the rate on purpose; a loss rising with it is expected
            boolean rising = rose(before, now, chance)
                    && now.learningRate() <= before.learningRate() * (1 + 1e-9);
            if (rising && rises == 0) {
                firstRise = now;
            }
            if (rising && ++rises >= 2) {
                findings.add(new TrainingFinding(DIVERGING, now.epoch(), String.format(Locale.ROOT,
                        "training loss rose epoch after epoch: %.4f → %.4f → %.4f (epochs %d–%d)",
                        phase.get(i - 2).trainLoss(), before.trainLoss(), now.trainLoss(), now.epoch() - 2,
                        now.epoch()), lower(c, 10)));
                return true;
            }
            if (!rising) {
                rises = 0;
            }
        }
        if (firstRise != null) {
            EpochMetrics before = phase.get(phase.indexOf(firstRise) - 1);
            findings.add(new TrainingFinding(NOISY, firstRise.epoch(), String.format(Locale.ROOT,
                    "training loss went up from %.4f to %.4f (+%.0f%%) between epochs %d and %d at a falling rate",
                    before.trainLoss(), firstRise.trainLoss(), 100 * (firstRise.trainLoss() / before.trainLoss() - 1),
                    before.epoch(), firstRise.epoch()), lower(c, 3)));
            return true;
        }
        return false;
    }

    /**
     * Whether the mean training loss rose from one epoch to the next beyond sampling: by more than {@link #RISE} of
     * it, by more than {@link #RISE_FLOOR} of a uniform guess ({@code chance}; NaN: no floor) and by more than
     * {@link #RISE_ERRORS} standard errors of the difference where both epochs carry one.
     */
    private static boolean rose(EpochMetrics before, EpochMetrics now, double chance) {
        double rise = now.trainLoss() - before.trainLoss();
        if (!(now.trainLoss() > before.trainLoss() * (1 + RISE)) || rise <= RISE_FLOOR * chance) {
            return false;
        }
        Double a = before.trainLossError();
        Double b = now.trainLossError();
        return a == null || b == null || rise > RISE_ERRORS * Math.hypot(a, b);
    }

    /** Where a batch's loss says the network was thrown: {@link #SPIKE} guesses over max(K, {@link #SPIKE_CLASSES}). */
    private static double spikeLine(Context c) {
        return SPIKE * Math.log(Math.max(c.classes(), SPIKE_CLASSES));
    }

    /** A batch whose loss shot above the spike line: the suggestion divides the rate by the spike's height. */
    private static boolean spike(List<EpochMetrics> phase, Context c, List<TrainingFinding> findings) {
        if (c.classes() < 2) {
            return false;
        }
        EpochMetrics highest = highestPeakEpoch(phase);
        if (highest == null || !(highest.peakLoss() > spikeLine(c))) {
            return false;
        }
        double guess = Math.log(Math.max(c.classes(), SPIKE_CLASSES));
        double height = highest.peakLoss() / guess;
        findings.add(new TrainingFinding(TOO_HIGH_RATE, highest.epoch(), String.format(Locale.ROOT,
                "a training batch's loss reached %.4g in epoch %d, %.1f× the %.3f of a uniform guess over %d classes"
                        + " (the epoch's mean: %.4f): the rate threw the network off, and it trains on from a worse"
                        + " place", highest.peakLoss(), highest.epoch(), height, guess,
                Math.max(c.classes(), SPIKE_CLASSES), highest.trainLoss()), lower(c, (int) Math.round(height))));
        return true;
    }

    private static EpochMetrics highestPeakEpoch(List<EpochMetrics> phase) {
        EpochMetrics highest = null;
        for (EpochMetrics e : phase) {
            if (e.peakLoss() != null && (highest == null || e.peakLoss() > highest.peakLoss())) {
                highest = e;
            }
        }
        return highest;
    }

    private static double highestPeak(List<EpochMetrics> phase) {
        EpochMetrics highest = highestPeakEpoch(phase);
        return highest == null ? Double.NaN : highest.peakLoss();
    }

    /**
     * Whether a run that learned nothing did so by crawling, not by being thrown: every epoch's peak batch loss is
     * known and under the spike line, and no epoch's mean rose by more than {@link #RISE} (at a rate too small to
     * move anything, the means differ by sampling alone; decision 115).
     */
    private static boolean creptDown(List<EpochMetrics> phase, Context c) {
        for (int i = 0; i < phase.size(); i++) {
            EpochMetrics e = phase.get(i);
            if (e.peakLoss() == null || e.peakLoss() > spikeLine(c)
                    || i > 0 && e.trainLoss() > phase.get(i - 1).trainLoss() * (1 + RISE)) {
                return false;
            }
        }
        return phase.size() > 1;
    }

    private static void plateauOrUnderFitting(List<EpochMetrics> phase, Context c, List<TrainingFinding> findings) {
        EpochMetrics last = phase.get(phase.size() - 1);
        if (phase.size() > PLATEAU_EPOCHS) {
            EpochMetrics from = phase.get(phase.size() - 1 - PLATEAU_EPOCHS);
            double gained = (from.trainLoss() - last.trainLoss()) / Math.max(from.trainLoss(), 1e-12);
            if (gained < FLAT && last.trainAccuracy() < 0.99) {
                findings.add(new TrainingFinding(PLATEAU, last.epoch(), String.format(Locale.ROOT,
                        "training loss %.4f → %.4f over epochs %d–%d (%.1f%% %s) at training accuracy %.3f",
                        from.trainLoss(), last.trainLoss(), from.epoch(), last.epoch(), 100 * Math.abs(gained),
                        gained < 0 ? "worse" : "better", last.trainAccuracy()), String.format(Locale.ROOT, "stop at epoch %d (epochs %d, or"
                        + " earlyStoppingPatience %d); to learn more, a rate of %s (3× the peak) or learningRate auto",
                        from.epoch(), from.epoch(), PLATEAU_EPOCHS - 1, rate(c.peakRate() * 3))));
                return;
            }
        }
        if (phase.size() < 2) {
            return;
        }
        EpochMetrics before = phase.get(phase.size() - 2);
        double falling = (before.trainLoss() - last.trainLoss()) / Math.max(before.trainLoss(), 1e-12);
        Double validation = last.validationAccuracy();
        boolean close = validation == null || last.trainAccuracy() - validation < GAP_GROWTH;
        if (last.trainAccuracy() < UNDER_FIT_ACCURACY && close && falling > FALLING) {
            EpochMetrics first = phase.get(0);
            if (c.classes() > 2 && first.trainLoss() >= AT_CHANCE * Math.log(c.classes())) {
                // the first epoch's steps barely left a uniform guess: more epochs of them would crawl on (two
                // classes excepted: a hard binary task sits at a guess for an epoch at a good rate too)
                findings.add(new TrainingFinding(TOO_LOW_RATE, last.epoch(), String.format(Locale.ROOT,
                        "epoch 1's mean training loss %.4f, still at least %.1f× the %.4f of a uniform guess;"
                                + " training accuracy %.3f%s after %d epochs, the loss still falling %.1f%% in the"
                                + " last", first.trainLoss(), AT_CHANCE, Math.log(c.classes()), last.trainAccuracy(),
                        validation == null ? "" : String.format(Locale.ROOT, " (validation %.3f)", validation),
                        phase.size(), 100 * falling), raise(c)));
                return;
            }
            findings.add(new TrainingFinding(UNDER_FITTING, last.epoch(), String.format(Locale.ROOT,
                    "training accuracy %.3f%s after %d epochs, training loss still falling %.1f%% in the last",
                    last.trainAccuracy(), validation == null ? ""
                            : String.format(Locale.ROOT, " (validation %.3f)", validation), phase.size(),
                    100 * falling), String.format(Locale.ROOT, "train longer: epochs %d%s", phase.size() * 2,
                    c.rateFound() ? "" : ", or learningRate auto (a range test checks the rate)")));
        }
    }

    private static void overFitting(List<EpochMetrics> phase, Context c, List<TrainingFinding> findings) {
        if (phase.size() < 3 || phase.get(phase.size() - 1).validationAccuracy() == null) {
            return;
        }
        EpochMetrics last = phase.get(phase.size() - 1);
        EpochMetrics earlier = phase.get(phase.size() - 3);
        if (earlier.validationAccuracy() == null) {
            return;
        }
        double gap = last.trainAccuracy() - last.validationAccuracy();
        double earlierGap = earlier.trainAccuracy() - earlier.validationAccuracy();
        if (gap <= GAP || gap - earlierGap < GAP_GROWTH) {
            return;
        }
        EpochMetrics best = phase.get(0);
        for (EpochMetrics e : phase) {
            if (e.validationAccuracy() != null && e.validationAccuracy() > best.validationAccuracy()) {
                best = e;
            }
        }
        String remedy = !c.augmented() ? "augmentation flip,crop"
                : !c.transfer() ? "transfer from a pretrained base (architecture transfer)"
                : "more training images";
        findings.add(new TrainingFinding(OVER_FITTING, last.epoch(), String.format(Locale.ROOT,
                "train/validation accuracy gap %.3f at epoch %d, up from %.3f at epoch %d (training %.3f,"
                        + " validation %.3f, best validation %.3f at epoch %d)", gap, last.epoch(), earlierGap,
                earlier.epoch(), last.trainAccuracy(), last.validationAccuracy(), best.validationAccuracy(),
                best.epoch()), best.epoch() < last.epoch() ? String.format(Locale.ROOT, "%s; and fewer epochs:"
                + " epochs %d (the best on validation)", remedy, best.epoch()) : remedy));
    }

    private static String lower(Context c, int factor) {
        return String.format(Locale.ROOT, "lower the learning rate from %s to %s (÷%d), or learningRate auto",
                rate(c.peakRate()), rate(c.peakRate() / factor), factor);
    }

    private static String raise(Context c) {
        return String.format(Locale.ROOT, "raise the learning rate from %s to %s (×10), or learningRate auto",
                rate(c.peakRate()), rate(c.peakRate() * 10));
    }

    /** A rate as people write it: 0.001, 3e-05. */
    public static String rate(double rate) {
        if (!Double.isFinite(rate) || rate <= 0) {
            return String.valueOf(rate);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.2g", rate)).stripTrailingZeros().toPlainString();
    }
}
