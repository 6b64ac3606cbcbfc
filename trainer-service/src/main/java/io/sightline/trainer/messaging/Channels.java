package io.sightline.trainer.messaging;

/** Reactive Messaging channel names; their topics and Kafka settings are in {@code application.properties}. */
public final class Channels {

    /** Incoming {@code sightline.datasets}: dataset splits that may trigger a retrain. */
    public static final String DATASETS = "datasets";

    /** Incoming {@code sightline.training.requests}: the work queue of the workers. */
    public static final String TRAINING_REQUESTS = "training-requests";

    /**
     * Outgoing {@code sightline.training.requests}. A channel apart from {@link #TRAINING_REQUESTS}: with one
     * name, requests would go straight to this instance's worker in memory instead of through the topic.
     */
    public static final String TRAINING_REQUESTS_OUT = "training-requests-out";

    /** Outgoing {@code sightline.training.events}: started, epoch, completed, failed. */
    public static final String TRAINING_EVENTS = "training-events";

    /** Outgoing {@code sightline.training.events} too: retrain bindings changed through the API, keyed by dataset. */
    public static final String BINDING_EVENTS = "binding-events";

    /**
     * Incoming {@code sightline.training.events}, in a consumer group of this instance's own, from the newest record:
     * retrain binding changes, re-read from the store (what came before, the start's re-read covers).
     */
    public static final String BINDING_CHANGES = "binding-changes";

    /**
     * Incoming {@code sightline.training.requests} again, in a consumer group of this instance's own: every
     * queued job, for the job table (the work queue is {@link #TRAINING_REQUESTS}).
     */
    public static final String JOB_REQUESTS_FEED = "job-requests-feed";

    /** Incoming {@code sightline.training.events}, in a consumer group of this instance's own: the job table. */
    public static final String JOB_EVENTS_FEED = "job-events-feed";

    /** Incoming {@code sightline.models}, in a consumer group of this instance's own: promotions, for the job table. */
    public static final String JOB_PROMOTIONS_FEED = "job-promotions-feed";

    /**
     * Incoming {@code sightline.inference.observations}, in a consumer group of this instance's own, from the oldest
     * record: the inference replicas' counts of canaries and shadows (decision 107).
     */
    public static final String TRAFFIC_OBSERVATIONS = "traffic-observations";

    /** Outgoing {@code sightline.models}: promotions. */
    public static final String MODELS = "models";

    private Channels() {
    }
}
