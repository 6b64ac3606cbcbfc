package io.sightline.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's own meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@value #REQUEST_DURATION} [{@code sightline_inference_request_duration_seconds}], timer with
 *       histogram per {@code model}: decode, preprocess and forward pass of successful requests;</li>
 *   <li>{@value #REQUEST_ERRORS} [{@code sightline_inference_request_errors_total}] by {@code cause}: prediction
 *       requests ({@code /predict} and OIP infer) answered with an error, the counterpart of
 *       {@value #REQUEST_DURATION}'s count; lookups, metadata and admin refusals are not counted;</li>
 *   <li>{@value #MODEL_SERVING} [{@code sightline_inference_model_serving}], 1 per {@code model} with the
 *       serving {@code version} as a tag (versions are names, not numbers);</li>
 *   <li>{@value #MODEL_LOADS} [{@code sightline_inference_model_loads_total}] by {@code model} and
 *       {@code outcome} ({@code success}, {@code failure}), and {@value #MODEL_LOAD_DURATION};</li>
 *   <li>{@value #PROMOTIONS_IGNORED} [{@code sightline_inference_promotions_ignored_total}] by
 *       {@code reason}: registry records that were not usable promotions;</li>
 *   <li>{@value #CHAMPION_FALLBACKS} [{@code sightline_inference_champion_fallbacks_total}] by {@code outcome}:
 *       attempts to serve the store's champion of a model whose record was unusable and of which no
 *       version served ({@code served}, {@code no_champion}, {@code unusable}, {@code store_error},
 *       {@code superseded});</li>
 *   <li>{@value #QUEUE_WAIT} [{@code sightline_inference_queue_wait_seconds}], histogram per {@code model}:
 *       time from queueing a request's rows to the start of their forward pass;</li>
 *   <li>{@value #BATCH_SIZE} [{@code sightline_inference_batch_size}], distribution per {@code model}:
 *       rows per forward pass;</li>
 *   <li>{@value #QUEUE_DEPTH} [{@code sightline_inference_queue_depth}] per {@code model}: rows waiting now.</li>
 * </ul>
 * Tags never take request input (an unknown model name would add a series per typo).
 */
public final class InferenceMetrics {

    public static final String REQUEST_DURATION = "sightline.inference.request.duration";
    public static final String REQUEST_ERRORS = "sightline.inference.request.errors";
    public static final String MODEL_SERVING = "sightline.inference.model.serving";
    public static final String MODEL_LOADS = "sightline.inference.model.loads";
    public static final String MODEL_LOAD_DURATION = "sightline.inference.model.load.duration";
    public static final String PROMOTIONS_IGNORED = "sightline.inference.promotions.ignored";
    public static final String CHAMPION_FALLBACKS = "sightline.inference.champion.fallbacks";
    public static final String QUEUE_WAIT = "sightline.inference.queue.wait";
    public static final String BATCH_SIZE = "sightline.inference.batch.size";
    public static final String QUEUE_DEPTH = "sightline.inference.queue.depth";
    public static final String FORWARD_DURATION = "sightline.inference.forward.duration";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Gauge> servingGauges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> queueTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> forwardTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Gauge> queueGauges = new ConcurrentHashMap<>();

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A request to a loaded model succeeded after {@code nanos}. */
    public void predicted(String model, long nanos) {
        requestTimers.computeIfAbsent(model, m -> Timer.builder(REQUEST_DURATION)
                        .description("Time to decode, preprocess and classify a request, per model")
                        .tag("model", m)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A prediction request failed; {@code cause} is one of a small fixed set, such as {@code invalid_image}. */
    public void requestFailed(String cause) {
        Counter.builder(REQUEST_ERRORS)
                .description("Prediction requests answered with an error, by cause")
                .tag("cause", cause)
                .register(registry)
                .increment();
    }

    public void loaded(String model, long nanos) {
        loadCounter(model, "success").increment();
        Timer.builder(MODEL_LOAD_DURATION)
                .description("Time to load and warm up a model version")
                .tag("model", model)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void loadFailed(String model) {
        loadCounter(model, "failure").increment();
    }

    /** Failed loads of a model so far (also what the status endpoint reports). */
    public double loadFailures(String model) {
        Counter counter = registry.find(MODEL_LOADS).tags("model", model, "outcome", "failure").counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter loadCounter(String model, String outcome) {
        return Counter.builder(MODEL_LOADS)
                .description("Model version loads, by outcome")
                .tags("model", model, "outcome", outcome)
                .register(registry);
    }

    /** The serving version of {@code model} changed to {@code version} ({@code null}: none serves). */
    public void serving(String model, String version) {
        Gauge previous = version == null
                ? servingGauges.remove(model)
                : servingGauges.put(model, Gauge.builder(MODEL_SERVING, () -> 1)
                        .description("1 for the version each model serves")
                        .tags("model", model, "version", version)
                        .strongReference(true)
                        .register(registry));
        if (previous != null && (version == null || !previous.getId().getTag("version").equals(version))) {
            registry.remove(previous);
        }
    }

    /** Rows of a request waited {@code nanos} in the queue before their forward pass started. */
    public void queueWait(String model, long nanos) {
        queueTimers.computeIfAbsent(model, m -> Timer.builder(QUEUE_WAIT)
                        .description("Time requests wait in the batching queue before their forward pass, per model")
                        .tag("model", m)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(10_000))
                        .maximumExpectedValue(Duration.ofSeconds(5))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A forward pass ran on {@code rows} rows. */
    public void batch(String model, int rows) {
        batchSizes.computeIfAbsent(model, m -> DistributionSummary.builder(BATCH_SIZE)
                        .description("Rows (images) per forward pass, per model")
                        .tag("model", m)
                        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                        .register(registry))
                .record(rows);
    }

    /** A forward pass of {@code model} took {@code nanos} (what the statistics extension calls compute time). */
    public void forwardPass(String model, long nanos) {
        forwardTimers.computeIfAbsent(model, m -> Timer.builder(FORWARD_DURATION)
                        .description("Time of one forward pass (a batch), per model")
                        .tag("model", m)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Publishes the number of rows waiting for {@code model}'s workers. */
    public void queueDepth(String model, Supplier<Number> rows) {
        Gauge gauge = Gauge.builder(QUEUE_DEPTH, rows)
                .description("Rows waiting in the batching queue, per model")
                .tag("model", model)
                .strongReference(true)
                .register(registry);
        queueGauges.put(model, gauge);
    }

    public void removeQueueDepth(String model) {
        Gauge gauge = queueGauges.remove(model);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /**
     * A fallback to the store's champion ended: {@code served}; {@code no_champion} (the store records
     * none); {@code unusable} (it names the version that just failed, or fails to load); {@code store_error}
     * (its record could not be read); {@code superseded} (a version served by then, or a promotion came).
     */
    public void championFallback(String outcome) {
        Counter.builder(CHAMPION_FALLBACKS)
                .description("Fallbacks to the store's champion for models whose registry record was unusable, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    public void promotionIgnored(String reason) {
        Counter.builder(PROMOTIONS_IGNORED)
                .description("Records on the model registry topic that were not usable promotions")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
