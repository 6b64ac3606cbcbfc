package io.sightline.inference.batching;

import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ServerBusyException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;

/**
 * One {@link DynamicBatcher} per model, all with the same settings, made on a model's first request.
 * Callers ask only for models the registry knows, so their number is bounded by the promoted models.
 */
public final class ModelBatchers implements AutoCloseable {

    private final BatchSettings settings;
    private final InferenceMetrics metrics;
    private final ThreadFactory threads;
    private final ConcurrentMap<String, DynamicBatcher> batchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param settings how each model's requests are batched
     * @param threads  makes the batch worker threads (the service sets their context class loader)
     */
    public ModelBatchers(BatchSettings settings, InferenceMetrics metrics, ThreadFactory threads) {
        this.settings = settings;
        this.metrics = metrics;
        this.threads = threads;
    }

    public BatchSettings settings() {
        return settings;
    }

    /**
     * The batcher of a model, started on first use.
     *
     * @throws ServerBusyException once closed: the service is shutting down
     */
    public DynamicBatcher of(String model) throws ServerBusyException {
        if (closed) {
            throw new ServerBusyException(model, "the service is shutting down");
        }
        return batchers.computeIfAbsent(model, m -> new DynamicBatcher(m, settings, metrics, threads));
    }

    /** Stops every model's batch workers (after the requests already queued have run). */
    @Override
    public void close() {
        closed = true;
        batchers.values().forEach(DynamicBatcher::close);
        batchers.clear();
    }
}
