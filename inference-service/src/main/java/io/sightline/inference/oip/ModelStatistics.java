package io.sightline.inference.oip;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.inference.InferenceMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-model statistics in the shape of the statistics extension (Triton's): most are read from the service's
 * meters, so they count every request of the model whatever its protocol; failures and the last inference time
 * are counted here, for the requests of this protocol (REST and gRPC).
 */
public final class ModelStatistics {

    private final MeterRegistry meters;
    private final ConcurrentMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> lastInference = new ConcurrentHashMap<>();

    public ModelStatistics(InferenceMetrics metrics) {
        this.meters = metrics.registry();
    }

    void succeeded(String model) {
        lastInference.computeIfAbsent(model, m -> new AtomicLong()).set(System.currentTimeMillis());
    }

    void failed(String model, long nanos) {
        Failures counts = failures.computeIfAbsent(model, m -> new Failures());
        counts.count.increment();
        counts.nanos.add(nanos);
    }

    /** The statistics of one model (zeros for one that never answered). */
    public ModelStats of(String model, String version) {
        Timer success = meters.find(InferenceMetrics.REQUEST_DURATION).tag("model", model).timer();
        Timer queue = meters.find(InferenceMetrics.QUEUE_WAIT).tag("model", model).timer();
        Timer compute = meters.find(InferenceMetrics.FORWARD_DURATION).tag("model", model).timer();
        DistributionSummary batches = meters.find(InferenceMetrics.BATCH_SIZE).tag("model", model).summary();
        Failures failed = failures.getOrDefault(model, new Failures());
        AtomicLong last = lastInference.get(model);
        Duration none = new Duration(0, 0);
        return new ModelStats(model, version == null ? "" : version, last == null ? 0 : last.get(),
                batches == null ? 0 : (long) batches.totalAmount(), batches == null ? 0 : batches.count(),
                new InferenceStats(of(success), new Duration(failed.count.sum(), failed.nanos.sum()), of(queue),
                        none, of(compute), none));
    }

    private static Duration of(Timer timer) {
        return timer == null ? new Duration(0, 0)
                : new Duration(timer.count(), (long) timer.totalTime(TimeUnit.NANOSECONDS));
    }

    private static final class Failures {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    /**
     * @param lastInference  when the last request of this protocol succeeded, ms since the epoch (0: never)
     * @param inferenceCount rows (images) through forward passes
     * @param executionCount forward passes (a batch of several requests is one)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelStats(String name, String version, long lastInference, long inferenceCount,
                             long executionCount, InferenceStats inferenceStats) {
    }

    /**
     * @param success      requests answered (every protocol), and their time in the service
     * @param fail         requests of this protocol refused or failed once the model was named
     * @param queue        time rows waited for their forward pass
     * @param computeInfer time in forward passes; input and output conversion are not timed apart (0)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InferenceStats(Duration success, Duration fail, Duration queue, Duration computeInput,
                                 Duration computeInfer, Duration computeOutput) {
    }

    public record Duration(long count, long ns) {
    }
}
