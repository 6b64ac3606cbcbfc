package io.sightline.inference.registry;

import io.sightline.inference.InferenceMetrics;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/** Builds a {@link ModelRegistry}: required values with {@code setX}, optional ones with {@code optX}. */
public final class ModelRegistryBuilder {

    private ModelLoader loader;
    private Executor loads;
    private InferenceMetrics metrics;
    private Long maxPixels;
    private int warmups;
    private int warmupBatch = 1;
    private Clock clock = Clock.systemUTC();
    private StoredChampions champions = StoredChampions.NONE;
    private ResidencyPolicy residency;

    ModelRegistryBuilder() {
    }

    /** Loads a promoted version. */
    public ModelRegistryBuilder setLoader(ModelLoader loader) {
        this.loader = loader;
        return this;
    }

    /** Runs loads: a single background thread in the service; tests may run them inline. */
    public ModelRegistryBuilder setLoads(Executor loads) {
        this.loads = loads;
        return this;
    }

    /** Where loads, failures and the serving version are reported. */
    public ModelRegistryBuilder setMetrics(InferenceMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Largest image (width × height) requests may send to the models. */
    public ModelRegistryBuilder setMaxPixels(long maxPixels) {
        this.maxPixels = maxPixels;
        return this;
    }

    /** Inferences on an all-zero input after loading, before the version serves; default none. */
    public ModelRegistryBuilder optWarmups(int warmups) {
        this.warmups = warmups;
        return this;
    }

    /**
     * Above 1 (default 1), one more warm-up pass of that many rows, so that the first full batch after a
     * swap is not the one that pays for PyTorch's first run at that shape.
     */
    public ModelRegistryBuilder optWarmupBatch(int warmupBatch) {
        this.warmupBatch = warmupBatch;
        return this;
    }

    /** Time of loads and failures; default the system clock in UTC. */
    public ModelRegistryBuilder optClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Where a model whose record is unusable falls back to; default nowhere. */
    public ModelRegistryBuilder optChampions(StoredChampions champions) {
        this.champions = champions;
        return this;
    }

    /** Which models are placed here and the memory budget they share; default every model, no budget. */
    public ModelRegistryBuilder optResidency(ResidencyPolicy residency) {
        this.residency = residency;
        return this;
    }

    /** @throws IllegalArgumentException when the warm-up count is negative or the warm-up batch below 1 */
    public ModelRegistry build() {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(loads, "loads");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(maxPixels, "maxPixels");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(champions, "champions");
        VersionLoader versions = new VersionLoader(loader, warmups, warmupBatch, maxPixels, clock);
        return new ModelRegistry(loads, metrics, versions, champions, clock,
                residency == null ? ResidencyPolicy.everything() : residency);
    }
}
