package io.sightline.inference.routing;

import io.sightline.events.TrafficTarget;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelLease;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a share of a model's answered requests again on its shadow version, on one thread of its own behind a
 * bounded queue, and counts whether the shadow's top-1 class equals the champion's. The caller only samples and
 * enqueues: a full queue drops the mirror (counted), never waits. The shadow's forward pass runs outside the
 * model's batcher, so shadows take no batch slot from requests.
 */
final class ShadowMirror implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShadowMirror.class);

    private final ModelRegistry shadows;
    private final VersionMetrics metrics;
    private final ThreadPoolExecutor worker;

    ShadowMirror(ModelRegistry shadows, VersionMetrics metrics, int queueSize) {
        this.shadows = shadows;
        this.metrics = metrics;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize),
                task -> {
                    Thread thread = new Thread(task, "sightline-shadow");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Mirrors this answer with the shadow's share; returns at once. */
    void offer(TrafficTarget shadow, ServedModel champion, List<float[]> inputs, float[][] probabilities) {
        if (!RouteKeys.within(ThreadLocalRandom.current().nextInt(RouteKeys.BUCKETS), shadow.percent())) {
            return;
        }
        int[] championTop = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            championTop[i] = VersionMetrics.argmax(probabilities[i]);
        }
        try {
            worker.execute(() -> compare(champion.model(), shadow.version(), champion, inputs, championTop));
        } catch (RejectedExecutionException e) {
            metrics.shadowDropped(champion.model(), "queue_full");
        }
    }

    private void compare(String model, String version, ServedModel champion, List<float[]> inputs,
                         int[] championTop) {
        try (ModelLease lease = shadows.acquire(model)) {
            ServedModel shadow = lease.model();
            if (!shadow.version().equals(version)) {
                metrics.shadowDropped(model, "not_loaded");
                return;
            }
            // top-1 agreement means something only when both name the same classes from the same input
            if (!shadow.signature().classes().equals(champion.signature().classes())
                    || shadow.signature().channels() != champion.signature().channels()
                    || shadow.signature().height() != champion.signature().height()
                    || shadow.signature().width() != champion.signature().width()) {
                metrics.shadowDropped(model, "signature");
                return;
            }
            float[][] probabilities = shadow.classifier().probabilities(inputs);
            int agreed = 0;
            for (int i = 0; i < probabilities.length; i++) {
                if (VersionMetrics.argmax(probabilities[i]) == championTop[i]) {
                    agreed++;
                }
            }
            metrics.shadowCompared(shadow, agreed, probabilities.length);
        } catch (UnknownModelException | ModelNotLoadedException e) {
            metrics.shadowDropped(model, "not_loaded");
        } catch (RuntimeException e) {
            LOG.warnf(e, "shadow %s of model %s failed", version, model);
            metrics.shadowDropped(model, "error");
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
