package io.sightline.inference.payloads;

import io.sightline.events.EventTypes;
import io.sightline.events.PayloadLogged;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends payload records through the {@value #CHANNEL} channel (topic {@code sightline.inference.payloads}) as
 * CloudEvents, keyed by model. At most {@link PayloadQueue#IN_FLIGHT} wait in the emitter, so its buffer never
 * fills; no outbox: a record lost to an outage is a sample lost, counted, not an event owed.
 */
@ApplicationScoped
public class KafkaPayloadSink implements PayloadSink {

    /** Outgoing channel bound to {@link io.sightline.events.Topics#INFERENCE_PAYLOADS} in application.properties. */
    public static final String CHANNEL = "payloads-out";

    private static final URI SOURCE = URI.create(EventTypes.SOURCE_INFERENCE_SERVICE);

    private final Emitter<PayloadLogged> emitter;

    public KafkaPayloadSink(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = PayloadQueue.IN_FLIGHT * 2) Emitter<PayloadLogged> emitter) {
        this.emitter = emitter;
    }

    @Override
    public CompletionStage<Void> send(PayloadLogged record) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        Message<PayloadLogged> message = Message.of(record)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.model()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(UUID.randomUUID().toString()) // a caller may send the same request id twice
                        .withType(PayloadLogged.TYPE)
                        .withSource(SOURCE)
                        .withSubject(record.model() + "/" + record.version())
                        .withTimestamp(record.requestedAt().atZone(ZoneOffset.UTC))
                        .build())
                .withAck(() -> {
                    delivered.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    delivered.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return delivered;
    }
}
