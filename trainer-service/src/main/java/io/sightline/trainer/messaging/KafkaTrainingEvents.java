package io.sightline.trainer.messaging;

import io.sightline.events.EventTypes;
import io.sightline.events.ModelDeleted;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.trainer.jobs.TrainingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends the trainer's events to Kafka as CloudEvents. Keys and ids follow the contract: requests and
 * promotions are keyed by model name, progress by job id; ids let consumers drop repeats.
 */
@ApplicationScoped
public class KafkaTrainingEvents implements TrainingEvents {

    private final Emitter<TrainingRequested> requests;
    private final Emitter<Object> progress;
    private final Emitter<Object> models;
    private final Clock clock;

    KafkaTrainingEvents(@Channel(Channels.TRAINING_REQUESTS_OUT) Emitter<TrainingRequested> requests,
                        @Channel(Channels.TRAINING_EVENTS) Emitter<Object> progress,
                        @Channel(Channels.MODELS) Emitter<Object> models,
                        Clock clock) {
        this.requests = requests;
        this.progress = progress;
        this.models = models;
        this.clock = clock;
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
    public CompletionStage<Void> completed(TrainingCompleted event) {
        return CloudEvents.send(progress, event, event.jobId(), EventTypes.TRAINING_COMPLETED,
                event.jobId() + ":completed", event.completedAt());
    }

    @Override
    public CompletionStage<Void> failed(TrainingFailed event) {
        return CloudEvents.send(progress, event, event.jobId(), EventTypes.TRAINING_FAILED,
                event.jobId() + ":failed", event.failedAt());
    }

    @Override
    public CompletionStage<Void> promoted(ModelPromoted event) {
        return CloudEvents.send(models, event, event.model(), EventTypes.MODEL_PROMOTED, event.eventId(),
                event.promotedAt());
    }

    @Override
    public CompletionStage<Void> cancelled(TrainingCancelled event) {
        return CloudEvents.send(progress, event, event.jobId(), EventTypes.TRAINING_CANCELLED,
                event.jobId() + ":cancelled", event.cancelledAt());
    }

    @Override
    public CompletionStage<Void> deleted(ModelDeleted event) {
        return CloudEvents.send(models, event, event.model(), EventTypes.MODEL_DELETED, event.id(), event.deletedAt());
    }
}
