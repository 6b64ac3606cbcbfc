package io.sightline.trainer.messaging;

import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.CloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.KafkaMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.sightline.events.EventTypes;
import io.sightline.kit.tracing.RecordTraces;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** CloudEvent attributes in and out (binary mode: {@code ce_*} Kafka headers, the payload is the data). */
final class CloudEvents {

    static final URI SOURCE = URI.create(EventTypes.SOURCE_TRAINER_SERVICE);
    private static final String TYPE_HEADER = "ce_type";

    private CloudEvents() {
    }

    /**
     * Sends a payload as a CloudEvent with a Kafka key.
     *
     * @return completes when the broker acknowledged the record, fails when it could not be written
     */
    static <T> CompletionStage<Void> send(Emitter<T> emitter, T payload, String key, String type, String id,
                                          Instant time) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        OutgoingCloudEventMetadata<T> cloudEvent = OutgoingCloudEventMetadata.<T>builder()
                .withId(id)
                .withType(type)
                .withSource(SOURCE)
                .withSubject(key)
                .withDataContentType("application/json")
                .withTimestamp(time.atZone(ZoneOffset.UTC))
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build();
        // the sender's trace, taken now: the record may leave later, from another thread
        TracingMetadata trace = RecordTraces.outgoing();
        Message<T> message = Message.of(payload, Metadata.of(cloudEvent, record, trace),
                () -> {
                    delivered.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    delivered.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) { // overflow, or the channel is down
            delivered.completeExceptionally(e);
        }
        return delivered;
    }

    /** The CloudEvent type of an incoming record, from its metadata or, failing that, its raw header. */
    static Optional<String> type(Message<?> message) {
        Optional<String> type = message.getMetadata(CloudEventMetadata.class).map(CloudEventMetadata::getType);
        if (type.isPresent()) {
            return type;
        }
        return message.getMetadata(KafkaMessageMetadata.class)
                .map(kafka -> kafka.getHeaders().lastHeader(TYPE_HEADER))
                .map(Header::value)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
