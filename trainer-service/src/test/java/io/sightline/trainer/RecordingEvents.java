package io.sightline.trainer;

import io.sightline.events.ModelDeleted;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.trainer.jobs.TrainingEvents;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event in order; delivery succeeds at once, or fails for every event when told to. */
public class RecordingEvents implements TrainingEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    public List<Object> all() {
        return List.copyOf(events);
    }

    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clear() {
        events.clear();
    }

    /** From now on every delivery fails with this. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    private CompletionStage<Void> record(Object event) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        events.add(event);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> requested(TrainingRequested event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> started(TrainingStarted event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> epoch(TrainingEpoch event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> completed(TrainingCompleted event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> failed(TrainingFailed event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> promoted(ModelPromoted event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> cancelled(TrainingCancelled event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> deleted(ModelDeleted event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> sweepStarted(io.sightline.events.SweepStarted event) {
        return record(event);
    }

    @Override
    public CompletionStage<Void> sweepCompleted(io.sightline.events.SweepCompleted event) {
        return record(event);
    }
}
