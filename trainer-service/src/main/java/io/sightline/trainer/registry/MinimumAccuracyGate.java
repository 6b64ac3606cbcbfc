package io.sightline.trainer.registry;

import java.util.Locale;
import java.util.Optional;

/** Promotes every new version whose test accuracy reaches a floor, whatever the champion scored. */
public final class MinimumAccuracyGate implements PromotionPolicy {

    private final double minAccuracy;

    public MinimumAccuracyGate(double minAccuracy) {
        if (minAccuracy < 0 || minAccuracy > 1) {
            throw new IllegalArgumentException("minimum accuracy must be within [0, 1], got " + minAccuracy);
        }
        this.minAccuracy = minAccuracy;
    }

    @Override
    public PromotionDecision decide(ModelMetrics candidate, Optional<ModelMetrics> champion) {
        double accuracy = candidate.test().accuracy();
        String comparison = String.format(Locale.ROOT, "test accuracy %.4f %s the minimum %.4f", accuracy,
                accuracy >= minAccuracy ? "reaches" : "is below", minAccuracy);
        return accuracy >= minAccuracy ? PromotionDecision.promote(comparison) : PromotionDecision.keep(comparison);
    }
}
