package io.sightline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The trainer service's settings. */
@ConfigMapping(prefix = "sightline.trainer")
public interface TrainerConfig {

    /**
     * Intra-op threads PyTorch uses for one training step (the {@code ai.djl.pytorch.num_threads} system
     * property, applied before the engine starts). Unset: PyTorch's default, one per core.
     */
    Optional<@Min(1) Integer> threads();

    /** Inter-op threads of PyTorch ({@code ai.djl.pytorch.num_interop_threads}). Unset: PyTorch's default. */
    Optional<@Min(1) Integer> interopThreads();

    /** Name this instance gives itself in {@code TrainingStarted} events. Unset: the host name. */
    Optional<String> workerName();

    /**
     * How long to wait for the broker to acknowledge an event. A request not acknowledged in time is
     * answered 503; a job whose outcome is not acknowledged is not acknowledged either and runs again.
     */
    @WithDefault("30s")
    Duration sendTimeout();

    /** When a new model version becomes champion. */
    Promotion promotion();

    /** Kafka topics this service creates at start. */
    Topics topics();

    /**
     * Retrain bindings by dataset name: when a new version of the dataset is split, train the bound model
     * on it. Quote dataset names holding dots: {@code sightline.trainer.retrain."my.data".model}.
     */
    Map<String, RetrainBinding> retrain();

    /** The promotion gate. */
    interface Promotion {

        /** Lowest test accuracy, 0 to 1, a new version needs to become champion automatically. */
        @WithDefault("0.0")
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        double minAccuracy();
    }

    /** Topic creation at start (missing topics only; existing ones are left as they are). */
    interface Topics {

        /** Whether to create missing topics at start. Turn off where topics are managed elsewhere (Strimzi). */
        @WithDefault("true")
        boolean create();

        /** Partitions of {@code sightline.training.requests}: how many workers can train at once. */
        @WithDefault("4")
        @Min(1)
        int requestPartitions();

        /** Replication factor of created topics. */
        @WithDefault("1")
        @Min(1)
        @Max(Short.MAX_VALUE)
        int replicationFactor();

        /** How long to wait for the broker while creating topics; the service starts regardless. */
        @WithDefault("15s")
        Duration timeout();
    }

    /** What to train when a dataset gets a new version. */
    interface RetrainBinding {

        /** Model to train (required). */
        String model();

        /** {@code cnn}, {@code mobilenet_v2} or {@code resnet18}. */
        @WithDefault("cnn")
        String architecture();

        /** Passes over the training split, 1 to 1000. */
        @WithDefault("5")
        int epochs();

        /** Images per optimiser step, 1 to 4096. */
        @WithDefault("32")
        int batchSize();

        /** Adam learning rate, above 0 and below 1. */
        @WithDefault("0.001")
        double learningRate();

        /** Square input side in pixels; 0 for the architecture's default (32 for cnn, 96 otherwise). */
        @WithDefault("0")
        int imageSize();

        /** Seed of initialisation and shuffling. */
        @WithDefault("42")
        long seed();
    }
}
