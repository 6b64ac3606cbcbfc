package io.sightline.inference.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.sightline.inference.ArtifactModelLoader;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ModelRegistry;
import io.sightline.inference.Predictor;
import io.sightline.inference.ServingReadiness;
import io.sightline.inference.TopicCatchUp;
import io.sightline.storage.ArtifactStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    InferenceBeans() {
        // the application's class loader, whichever thread first hands the executor a task
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        loads = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "sightline-model-loader");
            thread.setDaemon(true);
            thread.setContextClassLoader(application);
            return thread;
        });
    }

    @Produces
    @Singleton
    ArtifactStore store(StoreConfig config) throws IOException {
        ArtifactStore store = ArtifactStore.connect(config.uri());
        LOG.infof("artefact store: %s", store.uri());
        return store;
    }

    @Produces
    @Singleton
    InferenceMetrics metrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    /** Created at start, so that a store that cannot be opened fails the start, not the first promotion. */
    @Produces
    @Singleton
    @Startup
    ModelRegistry registry(ArtifactStore store, InferenceMetrics metrics, InferenceConfig config) {
        return new ModelRegistry(new ArtifactModelLoader(store), loads, metrics, config.warmupCount(),
                config.maxPixels(), Clock.systemUTC());
    }

    void closeRegistry(@Disposes ModelRegistry registry) throws InterruptedException {
        loads.shutdown();
        registry.close(); // queued loads become no-ops; a running one finishes and is closed at once
        loads.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Produces
    @Singleton
    Predictor predictor(ModelRegistry registry, InferenceMetrics metrics) {
        return new Predictor(registry, metrics);
    }

    @Produces
    @Singleton
    TopicCatchUp catchUp() {
        return new TopicCatchUp();
    }

    @Produces
    @Singleton
    ServingReadiness readiness(TopicCatchUp catchUp, ModelRegistry registry) {
        return new ServingReadiness(catchUp, registry);
    }
}
