package io.sightline.trainer.registry;

import java.util.Optional;

/** Decides whether a freshly trained version replaces the current champion. */
@FunctionalInterface
public interface PromotionPolicy {

    /**
     * @param candidate the new version's metrics
     * @param champion  the current champion's metrics, if there is one
     */
    PromotionDecision decide(ModelMetrics candidate, Optional<ModelMetrics> champion);
}
