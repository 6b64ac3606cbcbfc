package io.sightline.trainer.messaging;

import io.quarkus.runtime.Startup;
import io.sightline.events.EventTypes;
import io.sightline.events.ModelDeleted;
import io.sightline.events.ModelPromoted;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.SweepCompleted;
import io.sightline.events.SweepStarted;
import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.Outbox;
import io.sightline.kit.outbox.OutboxEvent;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.kit.outbox.Outboxes;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.TrainingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends the trainer's events to Kafka as CloudEvents. Keys and ids follow the contract: requests and
 * promotions are keyed by model name, progress by job id; ids let consumers drop repeats. Outcomes (completed,
 * failed, cancelled) and model events (promoted, deleted) go by way of the store's outbox: the returned stage
 * completes once the event is recorded there, and the relay sends again whatever the broker did not take
 * (decision 100). Requests, starts and epochs are sent directly.
 */
@ApplicationScoped
@Startup // its outbox relays from the start, whether or not anything is sent
public class KafkaTrainingEvents implements TrainingEvents {

    /** Whose intents these are in the store ({@code outbox/trainer-service/}). */
    static final String OWNER = "trainer-service";

    private final Emitter<TrainingRequested> requests;
    private final Emitter<Object> progress;
    private final Emitter<Object> models;
    private final Clock clock;
    private final Outbox outbox;

    KafkaTrainingEvents(@Channel(Channels.TRAINING_REQUESTS_OUT) Emitter<TrainingRequested> requests,
                        @Channel(Channels.TRAINING_EVENTS) Emitter<Object> progress,
                        @Channel(Channels.MODELS) Emitter<Object> models,
                        Clock clock, Outboxes outboxes) {
        this.requests = requests;
        this.progress = progress;
        this.models = models;
        this.clock = clock;
        this.outbox = outboxes.open(OWNER, this::send);
    }

    @Override
    public CompletionStage<Void> requested(TrainingRequested event) {
        return CloudEvents.send(requests, event, event.model(), EventTypes.TRAINING_REQUESTED, event.jobId(),
                event.requestedAt());
    }

    @Override
    public CompletionStage<Void> started(TrainingStarted event) {
        return CloudEvents.send(progress, event, event.jobId(), EventTypes.TRAINING_STARTED,
                event.jobId() + ":started", event.startedAt());
    }

    @Override
    public CompletionStage<Void> epoch(TrainingEpoch event) {
        return CloudEvents.send(progress, event, event.jobId(), EventTypes.TRAINING_EPOCH,
                event.jobId() + ":epoch:" + event.epoch(), clock.instant());
    }

    @Override
    public CompletionStage<Void> sweepStarted(SweepStarted event) {
        return CloudEvents.send(progress, event, event.sweepId(), EventTypes.SWEEP_STARTED,
                event.sweepId() + ":sweep-started", event.startedAt());
    }

    @Override
    public CompletionStage<Void> sweepCompleted(SweepCompleted event) {
        // through the outbox: the end of a sweep (its winner, or why it failed) is the news people wait for, and a
        // broker outage at that moment should delay it, not lose it
        return kept(outbox.intent(event.sweepId() + ":sweep-completed", Channels.TRAINING_EVENTS,
                EventTypes.SWEEP_COMPLETED, event.sweepId(), event.sweepId(), event.completedAt(), event, null));
    }

    @Override
    public CompletionStage<Void> completed(TrainingCompleted event) {
        return kept(outbox.intent(event.jobId() + ":completed", Channels.TRAINING_EVENTS,
                EventTypes.TRAINING_COMPLETED, event.jobId(), event.jobId(), event.completedAt(), event,
                OutboxGuard.exists(StoreKeys.modelVersion(event.model(), event.modelVersion()) + "/" + StoreKeys.METRICS)));
    }

    @Override
    public CompletionStage<Void> failed(TrainingFailed event) {
        return kept(outbox.intent(event.jobId() + ":failed", Channels.TRAINING_EVENTS, EventTypes.TRAINING_FAILED,
                event.jobId(), event.jobId(), event.failedAt(), event, null));
    }

    @Override
    public CompletionStage<Void> promoted(ModelPromoted event) {
        return kept(promotion(event, null));
    }

    @Override
    public Announcement promotedOnCommit(ModelPromoted event, OutboxGuard guard) throws IOException {
        return Announcement.of(outbox, outbox.record(promotion(event, guard)));
    }

    @Override
    public CompletionStage<Void> cancelled(TrainingCancelled event) {
        return kept(outbox.intent(event.jobId() + ":cancelled", Channels.TRAINING_EVENTS,
                EventTypes.TRAINING_CANCELLED, event.jobId(), event.jobId(), event.cancelledAt(), event, null));
    }

    @Override
    public CompletionStage<Void> deleted(ModelDeleted event) {
        return kept(outbox.intent(event.id(), Channels.MODELS, EventTypes.MODEL_DELETED, event.model(), event.model(),
                event.deletedAt(), event, null));
    }

    @Override
    public Announcement deletedOnCommit(ModelDeleted event, OutboxGuard guard) throws IOException {
        return Announcement.of(outbox, outbox.record(outbox.intent(event.id(), Channels.MODELS,
                EventTypes.MODEL_DELETED, event.model(), event.model(), event.deletedAt(), event, guard)));
    }

    @Override
    public Announcement trafficChangedOnCommit(ModelTrafficChanged event, OutboxGuard guard) throws IOException {
        return Announcement.of(outbox, outbox.record(outbox.intent(event.id(), Channels.MODELS,
                EventTypes.MODEL_TRAFFIC_CHANGED, ModelTrafficChanged.key(event.model()), event.model(),
                event.changedAt(), event, guard)));
    }

    private OutboxEvent promotion(ModelPromoted event, OutboxGuard guard) {
        return outbox.intent(event.eventId(), Channels.MODELS, EventTypes.MODEL_PROMOTED, event.model(),
                event.model(), event.promotedAt(), event, guard);
    }

    /** Records and sends; completes once recorded (delivery is the outbox's from then on), fails if it was not. */
    private CompletionStage<Void> kept(OutboxEvent intent) {
        try {
            outbox.recordAndSend(intent);
            return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Void> send(OutboxEvent event) {
        Emitter<Object> emitter = Channels.MODELS.equals(event.channel()) ? models : progress;
        return CloudEvents.send(emitter, event.body(), event.key(), event.type(), event.id(), event.time());
    }
}
