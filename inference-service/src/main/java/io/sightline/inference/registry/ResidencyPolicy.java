package io.sightline.inference.registry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.inference.residency.MemoryBudget;
import io.sightline.inference.residency.ModelSelection;
import io.sightline.inference.residency.ResidencyMetrics;
import java.time.Duration;
import java.util.Set;

/**
 * What this replica keeps resident (decision 104): the models it serves, its memory budget, how a version's size is
 * estimated, the models it loads at promotion whatever the budget, and how long a request waits for an on-demand
 * load. Unbounded (the default) every selected model loads at promotion, as before budgets existed.
 *
 * @param selection the models this deployment serves; others are never loaded and answer 404
 * @param budget    bytes for resident models; bounded, models load on first request and the least recently used
 *                  idle one is evicted when a load needs room
 * @param sizes     a version's estimated resident bytes (asked only when the budget is bounded)
 * @param pinned    models loaded at promotion even under a bounded budget (the readiness models)
 * @param loadWait  longest a request waits for its model's on-demand load before 503
 * @param metrics   loads, evictions, resident bytes, waits
 */
public record ResidencyPolicy(ModelSelection selection, MemoryBudget budget, ResidentSizes sizes, Set<String> pinned,
                              Duration loadWait, ResidencyMetrics metrics) {

    public ResidencyPolicy {
        pinned = Set.copyOf(pinned);
        if (loadWait.isNegative()) {
            throw new IllegalArgumentException("the load wait must not be negative, got " + loadWait);
        }
    }

    /** Every model, no budget: today's behaviour. */
    public static ResidencyPolicy everything() {
        MemoryBudget unbounded = MemoryBudget.unbounded();
        return new ResidencyPolicy(ModelSelection.all(), unbounded, promotion -> 0, Set.of(), Duration.ZERO,
                new ResidencyMetrics(new SimpleMeterRegistry(), unbounded));
    }
}
