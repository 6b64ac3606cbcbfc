package io.sightline.trainer.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Promotes a new version when its test accuracy reaches a floor and is at least the champion's accuracy
 * re-measured on the same test split, minus a tolerance. Comparing with the accuracy the champion scored on its
 * own (older) split would compare different exams. When the champion cannot be re-measured (other classes, an
 * unreadable artefact) the new version is promoted on the floor alone, and the reason says so.
 */
public final class ChampionGate implements PromotionPolicy {

    private final MinimumAccuracyGate floor;
    private final double tolerance;

    public ChampionGate(double minAccuracy, double tolerance) {
        if (tolerance < 0 || tolerance > 1) {
            throw new IllegalArgumentException("tolerance must be within [0, 1], got " + tolerance);
        }
        this.floor = new MinimumAccuracyGate(minAccuracy);
        this.tolerance = tolerance;
    }

    @Override
    public PromotionDecision decide(ModelMetrics candidate, Optional<ModelMetrics> champion) {
        PromotionDecision floorDecision = floor.decide(candidate, champion);
        if (!floorDecision.promote()) {
            return floorDecision;
        }
        ChampionComparison comparison = candidate.champion();
        if (comparison == null) {
            return champion.isEmpty() ? PromotionDecision.promote(floorDecision.reason() + "; no champion yet")
                    : PromotionDecision.promote(floorDecision.reason() + "; the champion was not re-measured");
        }
        if (comparison.accuracy() == null) {
            return PromotionDecision.promote(floorDecision.reason() + "; champion version " + comparison.version()
                    + " could not be compared (" + comparison.note() + ")");
        }
        double accuracy = candidate.test().accuracy();
        double needed = comparison.accuracy() - tolerance;
        String reason = String.format(Locale.ROOT, "test accuracy %.4f %s champion version %s's %.4f on the same "
                        + "test split (tolerance %.4f)", accuracy, accuracy >= needed ? "reaches" : "is below",
                comparison.version(), comparison.accuracy(), tolerance);
        return accuracy >= needed ? PromotionDecision.promote(reason) : PromotionDecision.keep(reason);
    }
}
