package io.sightline.inference.residency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Metrics of the memory budget: loads and evictions under it, resident bytes, requests waiting for a load. */
public final class ResidencyMetrics {

    private final MeterRegistry registry;

    public ResidencyMetrics(MeterRegistry registry, MemoryBudget budget) {
        this.registry = registry;
        Gauge.builder("sightline.inference.residency.resident.bytes", budget, MemoryBudget::residentBytes)
                .baseUnit("bytes").description("estimated bytes of the models resident on this replica")
                .register(registry);
        Gauge.builder("sightline.inference.residency.resident.models", budget, MemoryBudget::residentModels)
                .description("models resident on this replica").register(registry);
        if (budget.bounded()) {
            Gauge.builder("sightline.inference.residency.budget.bytes", budget, MemoryBudget::limit)
                    .baseUnit("bytes").description("the replica's memory budget for models").register(registry);
        }
    }

    /** A version became resident, with its estimated bytes. */
    public void loaded(String model) {
        Counter.builder("sightline.inference.residency.loads").tag("model", model)
                .description("versions made resident under the memory budget").register(registry).increment();
    }

    /** A model was evicted to make room for another. */
    public void evicted(String model) {
        Counter.builder("sightline.inference.residency.evictions").tag("model", model)
                .description("models evicted, least recently used first").register(registry).increment();
    }

    /** A load could not be given room: every other resident model was serving a request. */
    public void noRoom(String model) {
        Counter.builder("sightline.inference.residency.no.room").tag("model", model)
                .description("loads put off because no idle model could be evicted").register(registry).increment();
    }

    /**
     * A request waited for its model's on-demand load.
     *
     * @param outcome {@code served}, {@code timeout} or {@code failed}
     */
    public void waited(String model, String outcome, Duration waited) {
        Timer.builder("sightline.inference.residency.load.wait").tag("model", model).tag("outcome", outcome)
                .description("time requests waited for a model that was not resident").register(registry)
                .record(waited);
    }
}
