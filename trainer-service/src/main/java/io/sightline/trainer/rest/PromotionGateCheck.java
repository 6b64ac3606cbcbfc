package io.sightline.trainer.rest;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.trainer.config.TrainerConfig;
import io.sightline.trainer.registry.ChampionGate;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.registry.PromotionPolicy;
import io.sightline.trainer.registry.PublishedModels;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;

/**
 * Promoting by hand a version the promotion gate refuses needs the admin role; any other promotion (a rollback
 * to a version the gate let through) needs write. The gate is applied again to the version's stored metrics,
 * which keep its comparison with the champion of its day, so the answer is the same on every replica and
 * after a restart (the job board that shows the first decision is in memory).
 */
@ApplicationScoped
class PromotionGateCheck {

    private final PublishedModels registry;
    private final PromotionPolicy gate;

    PromotionGateCheck(PublishedModels registry, TrainerConfig config) {
        this.registry = registry;
        this.gate = new ChampionGate(config.promotion().minAccuracy(), config.promotion().tolerance());
    }

    /**
     * @throws ForbiddenException when the gate refuses the version and the caller is not admin
     */
    void check(String model, String version, SecurityIdentity caller) throws IOException {
        if (caller.hasRole(Roles.ADMIN)) {
            return;
        }
        Optional<ModelMetrics> metrics = registry.metrics(model, version);
        if (metrics.isEmpty()) {
            return; // the promoter answers 404 or "cannot be promoted"
        }
        PromotionDecision decision = gate.decide(metrics.get(), Optional.empty());
        if (!decision.promote()) {
            throw new ForbiddenException("the promotion gate refuses model " + model + " version " + version + " ("
                    + decision.reason() + "): promoting it anyway needs the admin role");
        }
    }
}
