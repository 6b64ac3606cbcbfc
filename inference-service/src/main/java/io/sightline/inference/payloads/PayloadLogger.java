package io.sightline.inference.payloads;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.events.PayloadLogged;
import io.sightline.inference.oip.InferRequest;
import io.sightline.inference.oip.ModelInput;
import io.sightline.inference.serving.PredictionResult;
import io.sightline.inference.serving.TensorResult;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.Prediction;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The resources' one call: offers a sampled request's answer and image to the queue. Off (the default), it costs
 * one comparison per request and starts no thread.
 */
@Singleton
public class PayloadLogger {

    static final String PREDICT = "predict";
    /** Open Inference over HTTP. */
    static final String V2 = "v2";
    /** Open Inference over gRPC. */
    public static final String GRPC = "grpc";

    private final PayloadSampling sampling;
    private final PayloadQueue queue;
    private final RequestIds ids;
    private static final Logger LOG = Logger.getLogger(PayloadLogger.class);

    private final Clock clock = Clock.systemUTC();

    @Inject
    public PayloadLogger(PayloadConfig config, KafkaPayloadSink sink, MeterRegistry meters, RequestIds ids) {
        this(config, (PayloadSink) sink, meters, ids);
    }

    PayloadLogger(PayloadConfig config, PayloadSink sink, MeterRegistry meters, RequestIds ids) {
        this(new PayloadSampling(config.sample(), config.models().orElse(Set.of())),
                config.sample() > 0 ? new PayloadQueue(config, sink, meters) : null, ids);
    }

    PayloadLogger(PayloadSampling sampling, PayloadQueue queue, RequestIds ids) {
        this.sampling = sampling;
        this.queue = queue;
        this.ids = ids;
    }

    /** A {@code /predict} answer and the image it answered; returns at once whatever the queue holds. */
    public void predicted(PredictionResult result, byte[] image) {
        if (queue == null || !sampling.sampled(result.model())) {
            return;
        }
        Instant started = clock.instant().minusNanos((long) (result.latencyMs() * 1e6));
        queue.offer(new PendingPayload(ids.id(), result.model(), result.version(), PREDICT, started,
                result.latencyMs(), answer(result.predictions()), image));
    }

    /**
     * An Open Inference answer ({@code /v2} over HTTP, or gRPC when a {@link PayloadOrigin} is bound): one record per
     * image or tensor row ({@link OipPayloads}); returns at once whatever the queue holds.
     */
    public void inferred(InferRequest request, ModelInput input, ImageSignature signature, TensorResult result,
                         long nanos) {
        if (queue == null || !sampling.sampled(result.model())) {
            return;
        }
        try {
            PayloadOrigin origin = PayloadOrigin.bound();
            String id = origin == null ? ids.id() : origin.requestIds().apply(request.id());
            Instant started = clock.instant().minusNanos(nanos);
            for (PendingPayload payload : OipPayloads.of(id, origin == null ? V2 : origin.endpoint(), started,
                    Math.round(nanos / 1e3) / 1e3, request, input, signature, result)) {
                queue.offer(payload);
            }
        } catch (RuntimeException e) {
            // the request was answered: a sample that cannot be built is lost, never the answer
            LOG.debugf("payload of model %s not logged: %s", result.model(), e);
        }
    }

    private static List<PayloadLogged.ClassScore> answer(List<Prediction> top) {
        return top.stream().map(p -> new PayloadLogged.ClassScore(p.label(), p.probability())).toList();
    }

    @PreDestroy
    void close() {
        if (queue != null) {
            queue.close();
        }
    }
}
