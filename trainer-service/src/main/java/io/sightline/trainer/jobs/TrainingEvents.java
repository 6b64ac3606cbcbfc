package io.sightline.trainer.jobs;

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
import io.sightline.kit.outbox.OutboxGuard;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the trainer announces what happens. Each method completes when the event is durably delivered, or durably
 * kept for delivery (the outbox), and fails when it is neither.
 */
public interface TrainingEvents {

    /** Queues a job for the workers. */
    CompletionStage<Void> requested(TrainingRequested event);

    CompletionStage<Void> started(TrainingStarted event);

    CompletionStage<Void> epoch(TrainingEpoch event);

    CompletionStage<Void> completed(TrainingCompleted event);

    CompletionStage<Void> failed(TrainingFailed event);

    /** Announces the version of a model to serve. */
    CompletionStage<Void> promoted(ModelPromoted event);

    /**
     * A promotion recorded before the champion document that {@code guard} names is written, sent after: a crash
     * in between loses nothing. This default, for senders without an outbox, delivers on {@link Announcement#send}.
     */
    default Announcement promotedOnCommit(ModelPromoted event, OutboxGuard guard) throws IOException {
        return Announcement.deliveredBy(() -> promoted(event));
    }

    CompletionStage<Void> cancelled(TrainingCancelled event);

    /** Announces a deleted model version or model, on the same topic and key as its promotions. */
    CompletionStage<Void> deleted(ModelDeleted event);

    /**
     * A deletion recorded before the marker {@code guard} names is written, sent after: a stop in between loses
     * nothing. This default, for senders without an outbox, delivers on {@link Announcement#send}.
     */
    default Announcement deletedOnCommit(ModelDeleted event, OutboxGuard guard) throws IOException {
        return Announcement.deliveredBy(() -> deleted(event));
    }

    /**
     * A model's new traffic state (canary, shadow), on the models topic under {@link ModelTrafficChanged#key}, recorded
     * before the state document {@code guard} names is written and sent after. Senders that cannot announce it
     * refuse, so that no traffic change is stored unannounced.
     */
    default Announcement trafficChangedOnCommit(ModelTrafficChanged event, OutboxGuard guard) throws IOException {
        throw new IOException("this event sender cannot announce traffic changes");
    }

    /** Announces a sweep's start on the training events topic; senders that predate sweeps drop it. */
    default CompletionStage<Void> sweepStarted(SweepStarted event) {
        return CompletableFuture.completedFuture(null);
    }

    /** Announces a sweep's end on the training events topic; senders that predate sweeps drop it. */
    default CompletionStage<Void> sweepCompleted(SweepCompleted event) {
        return CompletableFuture.completedFuture(null);
    }
}
