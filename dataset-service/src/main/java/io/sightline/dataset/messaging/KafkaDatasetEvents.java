package io.sightline.dataset.messaging;

import io.sightline.dataset.DatasetEvents;
import io.sightline.events.DatasetDeleted;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.kit.tracing.RecordTraces;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Sends dataset outcomes and deletions through the {@value #CHANNEL} channel (topic {@code sightline.datasets}). */
@ApplicationScoped
public class KafkaDatasetEvents implements DatasetEvents {

    /** Outgoing channel bound to topic {@link io.sightline.events.Topics#DATASETS} in application.properties. */
    public static final String CHANNEL = "datasets-out";

    private static final Logger LOG = Logger.getLogger(KafkaDatasetEvents.class);
    private static final URI SOURCE = URI.create(EventTypes.SOURCE_DATASET_SERVICE);

    private final Emitter<Object> emitter;

    public KafkaDatasetEvents(@Channel(CHANNEL) Emitter<Object> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void split(DatasetSplit event) {
        send(event, event.eventId(), DatasetSplit.TYPE, event.dataset(), event.version(), event.splitAt());
    }

    @Override
    public void rejected(DatasetRejected event) {
        send(event, event.eventId(), DatasetRejected.TYPE, event.dataset(), event.version(), event.rejectedAt());
    }

    @Override
    public void deleted(DatasetDeleted event) {
        send(event, event.id(), DatasetDeleted.TYPE, event.dataset(), event.version(),
                event.deletedAt());
    }

    private void send(Object payload, String id, String type, String dataset, String version, Instant at) {
        Message<Object> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(dataset).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(id)
                        .withType(type)
                        .withSource(SOURCE)
                        .withSubject(version == null ? dataset : dataset + "/" + version)
                        .withTimestamp(at.atZone(ZoneOffset.UTC))
                        .build())
                .addMetadata(RecordTraces.outgoing())
                .withAck(() -> CompletableFuture.completedFuture(null))
                .withNack(failure -> {
                    // the version is published (or deleted) either way; the event is what is lost (see README)
                    LOG.errorf(failure, "%s for %s version %s was not delivered", type, dataset, version);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
    }
}
