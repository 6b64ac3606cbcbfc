package io.sightline.inference.payloads;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.events.PayloadLogged;
import io.sightline.inference.serving.PredictionResult;
import io.sightline.vision.Prediction;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The resources' one call: offers a sampled request's answer and image to the queue. Off (the default), it costs
 * one comparison per request and starts no thread.
 */
@Singleton
public class PayloadLogger {

    static final String PREDICT = "predict";

    private final PayloadSampling sampling;
    private final PayloadQueue queue;
    private final RequestIds ids;
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
