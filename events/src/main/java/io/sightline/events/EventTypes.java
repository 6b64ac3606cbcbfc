package io.sightline.events;

import java.util.List;

/** CloudEvent {@code type} values, {@code sightline.<noun>.<verb>.v1}. */
public final class EventTypes {

    public static final String DATASET_SPLIT = "sightline.dataset.split.v1";
    public static final String DATASET_REJECTED = "sightline.dataset.rejected.v1";
    public static final String TRAINING_REQUESTED = "sightline.training.requested.v1";
    public static final String TRAINING_STARTED = "sightline.training.started.v1";
    public static final String TRAINING_EPOCH = "sightline.training.epoch.v1";
    public static final String TRAINING_COMPLETED = "sightline.training.completed.v1";
    public static final String TRAINING_FAILED = "sightline.training.failed.v1";
    public static final String MODEL_PROMOTED = "sightline.model.promoted.v1";
    public static final String DATASET_DELETED = "sightline.dataset.deleted.v1";
    public static final String TRAINING_CANCELLED = "sightline.training.cancelled.v1";
    public static final String MODEL_DELETED = "sightline.model.deleted.v1";
    public static final String RETRAIN_BINDING_CHANGED = "sightline.binding.changed.v1";
    /** One sampled request and its answer ({@link PayloadLogged}); not in {@link #ALL}: no dataset's life event. */
    public static final String PAYLOAD_LOGGED = "sightline.payload.logged.v1";
    /** A model's canary or shadow started or ended ({@link ModelTrafficChanged}). */
    public static final String MODEL_TRAFFIC_CHANGED = "sightline.traffic.changed.v1";
    /** A replica's counts of a canary or shadow ({@link TrafficObserved}); not in {@link #ALL}: no life event. */
    public static final String TRAFFIC_OBSERVED = "sightline.traffic.observed.v1";
    public static final String SWEEP_STARTED = "sightline.sweep.started.v1";
    public static final String SWEEP_COMPLETED = "sightline.sweep.completed.v1";

    /** Every type, in the order of a dataset's life. */
    public static final List<String> ALL = List.of(DATASET_SPLIT, DATASET_REJECTED, TRAINING_REQUESTED,
            TRAINING_STARTED, TRAINING_EPOCH, TRAINING_COMPLETED, TRAINING_FAILED, MODEL_PROMOTED, DATASET_DELETED,
            TRAINING_CANCELLED, MODEL_DELETED, RETRAIN_BINDING_CHANGED, MODEL_TRAFFIC_CHANGED, SWEEP_STARTED,
            SWEEP_COMPLETED);

    /** CloudEvent {@code source} of each service. */
    public static final String SOURCE_DATASET_SERVICE = "/sightline/dataset-service";
    public static final String SOURCE_TRAINER_SERVICE = "/sightline/trainer-service";
    public static final String SOURCE_INFERENCE_SERVICE = "/sightline/inference-service";

    private EventTypes() {
    }
}
