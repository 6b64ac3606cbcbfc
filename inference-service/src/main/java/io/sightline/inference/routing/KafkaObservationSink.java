package io.sightline.inference.routing;

import io.sightline.events.EventTypes;
import io.sightline.events.TrafficObserved;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends reports through the {@value #CHANNEL} channel (topic {@code sightline.inference.observations}) as CloudEvents,
 * keyed by model. At most {@link #IN_FLIGHT} wait unacknowledged, so the emitter's buffer never fills (a full one
 * fails the channel for good); a report skipped costs nothing, the next one is cumulative.
 */
@ApplicationScoped
public class KafkaObservationSink implements ObservationSink {

    /** Outgoing channel bound to {@link io.sightline.events.Topics#INFERENCE_OBSERVATIONS}. */
    public static final String CHANNEL = "observations-out";
    static final int IN_FLIGHT = 32;

    private static final URI SOURCE = URI.create(EventTypes.SOURCE_INFERENCE_SERVICE);

    private final Emitter<TrafficObserved> emitter;
    private final AtomicInteger inFlight = new AtomicInteger();

    public KafkaObservationSink(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = IN_FLIGHT * 2) Emitter<TrafficObserved> emitter) {
        this.emitter = emitter;
    }

    @Override
    public boolean send(TrafficObserved report) {
        if (inFlight.incrementAndGet() > IN_FLIGHT) {
            inFlight.decrementAndGet();
            return false;
        }
        Message<TrafficObserved> message = Message.of(report)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(report.model()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(UUID.randomUUID().toString())
                        .withType(TrafficObserved.TYPE)
                        .withSource(SOURCE)
                        .withSubject(report.model())
                        .withTimestamp(report.observedAt().atZone(ZoneOffset.UTC))
                        .build())
                .withAck(() -> {
                    inFlight.decrementAndGet();
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    inFlight.decrementAndGet();
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
            return true;
        } catch (RuntimeException e) { // the channel is down: the next report tries again
            inFlight.decrementAndGet();
            return false;
        }
    }
}
