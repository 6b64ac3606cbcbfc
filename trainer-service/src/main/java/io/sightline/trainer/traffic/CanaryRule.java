package io.sightline.trainer.traffic;

import io.sightline.events.CanaryAuto;
import java.util.Locale;

/** The automatic canary's decision (decision 107), from the champion's and the canary's totals. */
final class CanaryRule {

    enum Outcome { WAIT, PROMOTE, ROLL_BACK }

    /** @param reason the numbers the outcome came from; for {@code WAIT}, the progress */
    record Verdict(Outcome outcome, String reason) {
    }

    private CanaryRule() {
    }

    /**
     * Waits until the canary has {@code rule.requests()} requests and the champion at least one (with no champion
     * request there is nothing to compare with); then promotes when both limits hold, else rolls back.
     */
    static Verdict decide(CanaryAuto rule, VersionTotals champion, VersionTotals canary) {
        if (canary.requests() < rule.requests() || champion.requests() == 0) {
            return new Verdict(Outcome.WAIT, canary.requests() + " of " + rule.requests() + " canary requests"
                    + (champion.requests() == 0 ? ", no champion request yet" : ""));
        }
        double canaryErrors = canary.errorRate();
        double championErrors = champion.errorRate();
        // a version that failed every request has no confidence: it only passes if the champion has none either
        double canaryConfidence = canary.meanConfidence() == null ? 0 : canary.meanConfidence();
        double championConfidence = champion.meanConfidence() == null ? 0 : champion.meanConfidence();
        boolean errorsHold = canaryErrors <= championErrors + rule.maxErrorRateIncrease() + 1e-9;
        boolean confidenceHolds = canaryConfidence >= championConfidence - rule.maxConfidenceDrop() - 1e-9;
        String numbers = String.format(Locale.ROOT, "by=auto after %d canary requests: error rate %.4f vs champion"
                        + " %.4f (at most +%.4f), mean confidence %.4f vs champion %.4f (at most -%.4f)",
                canary.requests(), canaryErrors, championErrors, rule.maxErrorRateIncrease(), canaryConfidence,
                championConfidence, rule.maxConfidenceDrop());
        return errorsHold && confidenceHolds ? new Verdict(Outcome.PROMOTE, numbers)
                : new Verdict(Outcome.ROLL_BACK, numbers);
    }
}
