package io.sightline.inference.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.batching.BatchSettings;
import io.sightline.inference.batching.ModelBatchers;
import io.sightline.inference.readiness.ServingReadiness;
import io.sightline.inference.readiness.TopicCatchUp;
import io.sightline.inference.registry.ArtifactModelLoader;
import io.sightline.inference.registry.ArtifactResidentSizes;
import io.sightline.inference.registry.ChampionFiles;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ResidencyPolicy;
import io.sightline.inference.residency.MemoryBudget;
import io.sightline.inference.residency.ModelSelection;
import io.sightline.inference.residency.ResidencyMetrics;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.inference.routing.TrafficRouter;
import io.sightline.inference.serving.Predictor;
import io.sightline.inference.tracing.PromotionTraces;
import io.sightline.storage.ArtifactStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Builds the domain objects from configuration; the domain itself knows nothing of CDI. */
@Singleton
public class InferenceBeans {

    private static final Logger LOG = Logger.getLogger(InferenceBeans.class);

    /**
     * One thread loads models, one version at a time: loading is rare, and two loads at once on a small
     * machine would only slow the requests being served meanwhile.
     */
    private final ExecutorService loads;

    private static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /** The application's class loader, whichever thread first hands an executor a task. */
    private final ClassLoader application;

    InferenceBeans() {
        application = Thread.currentThread().getContextClassLoader();
        loads = Executors.newSingleThreadExecutor(threads("sightline-model-loader"));
    }

    private ThreadFactory threads(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.setContextClassLoader(application);
            return thread;
        };
    }

    @Produces
    @Singleton
    InferenceMetrics metrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    /** The placement and memory budget of this replica (decision 104). */
    @Produces
    @Singleton
    ResidencyPolicy residency(ArtifactStore store, MeterRegistry meters, InferenceConfig config) {
        MemoryBudget budget = config.memoryBudget().isPresent()
                ? new MemoryBudget(config.memoryBudget().getAsLong()) : MemoryBudget.unbounded();
        ModelSelection selection = ModelSelection.of(config.models().orElse(List.of()));
        LOG.infof("placement: %s; memory budget: %s", selection,
                budget.bounded() ? budget.limit() + " bytes" : "none");
        return new ResidencyPolicy(selection, budget, new ArtifactResidentSizes(store, config.residentSizeFactor()),
                config.readyModels().orElse(Set.of()), config.loadWait(), new ResidencyMetrics(meters, budget));
    }

    /** Created at start, so that a store that cannot be opened fails the start, not the first promotion. */
    @Produces
    @Singleton
    @Startup
    ModelRegistry registry(ArtifactStore store, InferenceMetrics metrics, InferenceConfig config,
                           PromotionTraces traces, ResidencyPolicy residency) {
        engineThreads(config);
        int warmupBatch = config.batching().enabled() ? config.batching().maxBatchSize() : 1;
        // traced: a load continues the trace of the promotion it loads, though it runs on the loader thread;
        // a model whose record is unusable and that serves nothing falls back to champion.json in the store
        return ModelRegistry.builder()
                .setLoader(traces.around(new ArtifactModelLoader(store)))
                .setLoads(loads)
                .setMetrics(metrics)
                .setMaxPixels(config.maxPixels())
                .optWarmups(config.warmupCount())
                .optWarmupBatch(warmupBatch)
                .optClock(Clock.systemUTC())
                .optChampions(new ChampionFiles(store))
                .optResidency(residency)
                .build();
    }

    /**
     * PyTorch reads its thread counts once, when the engine starts (on the first model load, after this).
     * A JVM flag wins over configuration; in tests the engine may already run, and then nothing changes.
     */
    private static void engineThreads(InferenceConfig config) {
        setIfAbsent(INTRA_OP_PROPERTY, config.intraOpThreads());
        setIfAbsent(INTER_OP_PROPERTY, config.interOpThreads());
        LOG.infof("PyTorch threads: intra-op %s, inter-op %s", System.getProperty(INTRA_OP_PROPERTY),
                System.getProperty(INTER_OP_PROPERTY));
    }

    /** 0 leaves PyTorch's default. */
    private static void setIfAbsent(String property, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(property + " must not be negative, got " + value);
        }
        if (value > 0 && System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    void closeRegistry(@Disposes ModelRegistry registry) throws InterruptedException {
        loads.shutdown();
        registry.close(); // queued loads become no-ops; a running one finishes and is closed at once
        loads.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Produces
    @Singleton
    Predictor predictor(TrafficRouter routing, InferenceMetrics metrics, InferenceConfig config) {
        InferenceConfig.Batching batching = config.batching();
        BatchSettings settings = batching.enabled()
                ? new BatchSettings(batching.maxBatchSize(), batching.maxDelay(), batching.queueSize(), batching.workers())
                : BatchSettings.unbatched(batching.queueSize(), batching.workers());
        LOG.infof("batching: %s", settings);
        return Predictor.routed(routing, metrics, new ModelBatchers(settings, metrics, threads("sightline-batch")),
                DecodeBudget.ofHeapShare(config.decodeHeapShare()));
    }

    void closePredictor(@Disposes Predictor predictor) {
        predictor.close();
    }

    @Produces
    @Singleton
    TopicCatchUp catchUp() {
        return new TopicCatchUp();
    }

    @Produces
    @Singleton
    ServingReadiness readiness(TopicCatchUp catchUp, ModelRegistry registry, InferenceConfig config) {
        return new ServingReadiness(catchUp, registry, config.readyModels().orElse(Set.of()));
    }
}
