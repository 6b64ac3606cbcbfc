package io.sightline.events;

/** Kafka topic names. Keys are given per topic; they keep one subject's events in order. */
public final class Topics {

    /** Dataset outcomes ({@link DatasetSplit}, {@link DatasetRejected}), keyed by dataset name. */
    public static final String DATASETS = "sightline.datasets";

    /** Work queue of {@link TrainingRequested}, keyed by model name; one consumer group of workers. */
    public static final String TRAINING_REQUESTS = "sightline.training.requests";

    /** Progress of training jobs, keyed by job id. */
    public static final String TRAINING_EVENTS = "sightline.training.events";

    /** Compacted registry of {@link ModelPromoted}, keyed by model name: the latest promotion wins. */
    public static final String MODELS = "sightline.models";

    /**
     * Sampled requests and answers of the inference service ({@link PayloadLogged}), keyed by model name; only
     * written when payload logging is on, read by the dataset service to import labelled production images.
     */
    public static final String INFERENCE_PAYLOADS = "sightline.inference.payloads";

    /**
     * Per-version counts of each inference replica while a model has a canary or shadow ({@link TrafficObserved}),
     * keyed by model name; read by the trainer, which decides automatic canaries (decision 107).
     */
    public static final String INFERENCE_OBSERVATIONS = "sightline.inference.observations";

    /** Suffix of the dead-letter topic that takes a topic's unprocessable records. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }
}
