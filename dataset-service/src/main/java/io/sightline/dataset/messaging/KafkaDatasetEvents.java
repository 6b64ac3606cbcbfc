package io.sightline.dataset.messaging;

import io.quarkus.runtime.Startup;
import io.sightline.dataset.DatasetEvents;
import io.sightline.events.DatasetDeleted;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.Outbox;
import io.sightline.kit.outbox.OutboxEvent;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.kit.outbox.Outboxes;
import io.sightline.kit.tracing.RecordTraces;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends dataset outcomes and deletions through the {@value #CHANNEL} channel (topic {@code sightline.datasets}), by
 * way of the store's outbox: each event is recorded before it is sent and dropped once the broker has it; what a
 * crash or an outage left behind is sent again, with the same id, by any replica's relay (decision 100).
 */
@ApplicationScoped
@Startup // its outbox relays from the start, whether or not anything is sent
public class KafkaDatasetEvents implements DatasetEvents {

    /** Outgoing channel bound to topic {@link io.sightline.events.Topics#DATASETS} in application.properties. */
    public static final String CHANNEL = "datasets-out";
    /** Whose intents these are in the store ({@code outbox/dataset-service/}). */
    static final String OWNER = "dataset-service";

    private static final Logger LOG = Logger.getLogger(KafkaDatasetEvents.class);
    private static final URI SOURCE = URI.create(EventTypes.SOURCE_DATASET_SERVICE);

    private final Emitter<Object> emitter;
    private final Outbox outbox;

    public KafkaDatasetEvents(@Channel(CHANNEL) Emitter<Object> emitter, Outboxes outboxes) {
        this.emitter = emitter;
        this.outbox = outboxes.open(OWNER, this::send);
    }

    @Override
    public Announcement splitOnCommit(DatasetSplit event, OutboxGuard guard) throws IOException {
        OutboxEvent intent = outbox.record(intent(event, event.eventId(), DatasetSplit.TYPE, event.dataset(),
                event.version(), event.splitAt(), guard));
        return Announcement.of(outbox, intent);
    }

    @Override
    public void split(DatasetSplit event) {
        recordAndSend(intent(event, event.eventId(), DatasetSplit.TYPE, event.dataset(), event.version(),
                event.splitAt(), null));
    }

    @Override
    public void rejected(DatasetRejected event) {
        recordAndSend(intent(event, event.eventId(), DatasetRejected.TYPE, event.dataset(), event.version(),
                event.rejectedAt(), null));
    }

    @Override
    public void deleted(DatasetDeleted event) {
        recordAndSend(intent(event, event.id(), DatasetDeleted.TYPE, event.dataset(), event.version(),
                event.deletedAt(), null));
    }

    @Override
    public Announcement deletedOnCommit(DatasetDeleted event, OutboxGuard guard) throws IOException {
        OutboxEvent intent = outbox.record(intent(event, event.id(), DatasetDeleted.TYPE, event.dataset(),
                event.version(), event.deletedAt(), guard));
        return Announcement.of(outbox, intent);
    }

    private OutboxEvent intent(Object payload, String id, String type, String dataset, String version, Instant at,
                               OutboxGuard guard) {
        return outbox.intent(id, CHANNEL, type, dataset, version == null ? dataset : dataset + "/" + version, at,
                payload, guard);
    }

    private void recordAndSend(OutboxEvent intent) {
        try {
            outbox.recordAndSend(intent);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record " + intent.type() + " in the outbox", e);
        }
    }

    private CompletionStage<Void> send(OutboxEvent event) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        Message<Object> message = Message.of(event.body())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(event.id())
                        .withType(event.type())
                        .withSource(SOURCE)
                        .withSubject(event.subject())
                        .withTimestamp(event.time().atZone(ZoneOffset.UTC))
                        .build())
                .addMetadata(RecordTraces.outgoing())
                .withAck(() -> {
                    delivered.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    LOG.debugf("%s %s not delivered: %s", event.type(), event.id(), failure.toString());
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
}
