package io.sightline.inference.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.config.InferenceConfig;
import io.sightline.inference.registry.ArtifactModelLoader;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.storage.ArtifactStore;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The router and the two extra registries (canaries, shadows). Their loads run on one thread of their own, so a
 * canary loading never delays a champion's load. Their load metrics go to a private meter registry: the champion's
 * {@code model.serving} gauge keeps meaning one version per model; canaries and shadows show in {@link VersionMetrics}.
 */
@Singleton
public class RoutingBeans {

    /** Mirrored requests waiting for the shadow, at most; each holds its preprocessed rows. */
    static final int MIRROR_QUEUE = 32;

    private final ExecutorService loads = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sightline-candidate-loader");
        thread.setDaemon(true);
        return thread;
    });

    @Produces
    @Singleton
    TrafficRouter router(ModelRegistry champions, ArtifactStore store, InferenceConfig config, MeterRegistry meters,
                         Instance<CurrentVertxRequest> requests) {
        InferenceMetrics quiet = new InferenceMetrics(new SimpleMeterRegistry());
        return new TrafficRouter(champions, candidates(store, config, quiet), candidates(store, config, quiet),
                () -> callerKey(requests), new VersionMetrics(meters), MIRROR_QUEUE);
    }

    private ModelRegistry candidates(ArtifactStore store, InferenceConfig config, InferenceMetrics quiet) {
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        return ModelRegistry.builder()
                .setLoader(new ArtifactModelLoader(store))
                .setLoads(task -> loads.execute(() -> {
                    Thread.currentThread().setContextClassLoader(application);
                    task.run();
                }))
                .setMetrics(quiet)
                .setMaxPixels(config.maxPixels())
                .optWarmups(config.warmupCount())
                .optWarmupBatch(config.batching().enabled() ? config.batching().maxBatchSize() : 1)
                .optClock(Clock.systemUTC())
                .build();
    }

    /** The caller key a gRPC call bound, else the HTTP request's; none outside a request. */
    private static String callerKey(Instance<CurrentVertxRequest> requests) {
        String bound = CallerKeys.bound();
        if (bound != null) {
            return bound;
        }
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        RoutingContext current = requests.get().getCurrent();
        return current == null ? null : CallerKeys.checked(current.request().getHeader(RouteKeys.HEADER));
    }

    void close(@Disposes TrafficRouter router) throws InterruptedException {
        loads.shutdown();
        router.close();
        loads.awaitTermination(30, TimeUnit.SECONDS);
    }
}
