package io.sightline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.List;
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

    /**
     * Most memory the preprocessed images of one job may take (4 bytes × channels × side² per image). Within it
     * every image is decoded once and kept; above it images are decoded batch by batch every epoch.
     */
    @WithDefault("2G")
    MemorySize cacheBudget();

    /**
     * GPUs one job trains on (data-parallel) when the pod has them ({@code nvidia.com/gpu}); DJL falls back to the
     * CPU when it sees none. 0: always the CPU.
     */
    @WithDefault("1")
    @Min(0)
    int maxGpus();

    /**
     * Jobs this instance runs at once: one Kafka consumer of the work queue each (the channel's {@code
     * concurrency}). 1, the default, is one job per pod; on a pod given several GPUs, set it to the GPU count
     * (with {@code max-gpus=1}) for one job per GPU: each job takes the least busy GPU. Runs stay reproducible
     * for their seed at any setting.
     */
    @WithDefault("1")
    @Min(1)
    int concurrentJobs();

    /**
     * How long a retrain waits for a newer split of the same dataset before it is queued: a burst of splits
     * trains once, on the newest. 0: queue at once.
     */
    @WithDefault("30s")
    Duration retrainDebounce();

    /**
     * How long a job's lease in the store lasts unless renewed; the worker running the job renews it every quarter
     * of this. A worker handed a job another worker holds (a rebalance mid-job) waits for it; once the holder stops
     * renewing (it died), the lease is taken over after this long. Shorter: faster take-over after a crash, more
     * store requests. Workers' clocks must agree to well within a quarter of it. At least 200 ms. Matched to the work
     * queue's 10 s session timeout, so a killed worker's job resumes elsewhere within ~20 s (decision 095).
     */
    @WithDefault("10s")
    Duration leaseTtl();

    /**
     * Starts of one job that died with their worker (killed, out of memory, a native crash: no end recorded in the
     * store) after which the next worker handed the job fails it, "the worker died 3 times; last seen in epoch E",
     * and acknowledges its request, instead of starting it again.
     */
    @WithDefault("3")
    @Min(1)
    int maxAttempts();

    /**
     * Most memory one training job may need by its estimate (activations and gradients of a batch, weights, Adam's
     * state); a request estimated above it is refused with 400. Unset: the memory of the machine or container (as
     * the JVM sees it) less the JVM's maximum heap and 512 MiB for the JVM's and PyTorch's own needs, at least
     * 1 GiB: PyTorch's tensors live outside the heap.
     */
    Optional<MemorySize> memoryBudget();

    /** Turns on test-only hooks ({@code test-hooks-halt-model}); never in production. */
    @WithDefault("false")
    boolean testHooks();

    /** Test-only, with {@code test-hooks=true}: every run of this model halts the JVM at its first batch. */
    Optional<String> testHooksHaltModel();

    /** When a new model version becomes champion. */
    Promotion promotion();

    /** Kafka topics this service creates at start. */
    Topics topics();

    /**
     * Which TorchScript backbones transfer jobs may start from besides registered Sightline models: none unless
     * turned on here (a TorchScript module is code that PyTorch runs).
     */
    BackboneSources backbones();

    /** What a request naming no architecture trains on a small dataset (decision 102). */
    SmallData smallData();

    /**
     * Retrain bindings by dataset name: when a new version of the dataset is split, train the bound model
     * on it. Quote dataset names holding dots: {@code sightline.trainer.retrain."my.data".model}.
     */
    Map<String, RetrainBinding> retrain();

    /** How many candidate versions of each model the collection keeps, and for how long (the champion always stays). */
    Retention retention();

    /** The collection: retention, finished jobs' checkpoints and leases, backbone downloads. */
    CollectionSettings gc();

    /** Model retention defaults; {@code PUT /models/{m}/retention} overrides them per model. */
    interface Retention {

        /** Candidate versions (all but the champion) kept per model, newest first; 0 keeps all. */
        @WithDefault("0")
        @Min(0)
        int keepCandidates();

        /** Age (since its training completed) past which a candidate version goes. Unset: no age limit. */
        Optional<Duration> maxAge();
    }

    /** When the collection runs and what it leaves. */
    interface CollectionSettings {

        /** Time between scheduled runs ({@code 6h}, {@code 30m}); {@code off} runs it only on request. */
        @WithDefault("6h")
        String every();

        /**
         * How long a finished job's checkpoint and lease files stay (for a job no replica knows: since its lease
         * last moved).
         */
        @WithDefault("1h")
        Duration finishedJobGrace();
    }

    /**
     * How often every replica re-reads the retrain bindings set through the API from the store, besides when it hears
     * of a change: the safety net for a change it missed.
     */
    @WithDefault("5m")
    Duration retrainBindingsRefresh();

    /** Hyperparameter sweeps (decision 106). */
    SweepSettings sweeps();

    /** How sweeps are moved on. */
    interface SweepSettings {

        /** Time between two looks of a replica at the running sweeps' jobs ({@code 5s}, {@code 1m}). */
        @WithDefault("5s")
        String every();

        /**
         * How long a trial's job may show no sign of life (unknown to every replica, or running without an epoch)
         * before the sweep records it as failed and moves on; a job with a time budget gets twice its budget.
         */
        @WithDefault("2h")
        Duration trialSilence();
    }

    /** The job table. */
    Jobs jobs();

    /** The job table in memory; finished jobs are summarised in the store. */
    interface Jobs {

        /**
         * Finished jobs kept in memory at most; older finished ones are read from their summaries in the store
         * (queued and running jobs always stay).
         */
        @WithDefault("1000")
        @Min(0)
        int keepInMemory();
    }

    /** The promotion gate. */
    interface Promotion {

        /** Lowest test accuracy, 0 to 1, a new version needs to become champion automatically. */
        @WithDefault("0.0")
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        double minAccuracy();

        /**
         * How much lower than the champion's accuracy, re-measured on the new version's test split, a new version
         * may score and still be promoted (0 to 1; 0: it must be at least as good).
         */
        @WithDefault("0.0")
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        double tolerance();
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

    /** TorchScript backbones from URLs and files (decision 086). */
    interface BackboneSources {

        /** Backbones downloaded from {@code https} (or {@code http}) URLs, by the worker. */
        UrlBackbones url();

        /** Backbones read from files on the trainer. */
        FileBackbones file();

        /** Most space the worker's backbone downloads take together; the least recently used go first. */
        @WithDefault("4G")
        MemorySize cacheMaxBytes();
    }

    /** Small datasets: when they count as small, and the pretrained base they are trained from. */
    interface SmallData {

        /**
         * Training images per class (the training split over its classes) below which a request naming no
         * architecture trains by transfer from {@link #base()}, or from scratch with a warning when there is none.
         */
        @WithDefault("2000")
        int transferBelow();

        /**
         * The pretrained base of those jobs, as a request's {@code baseModel}: a registered model {@code
         * name[:version]}, a TorchScript file in an allowed folder, or a URL with its {@code #sha256=} pin on an
         * allowed host (e.g. the output of {@code tools/backbone/export_mobilenet_v2.py}); checked like a request's.
         */
        Optional<String> base();
    }

    /** Where URL backbones may come from. */
    interface UrlBackbones {

        /** Whether a job may name a TorchScript URL at all. */
        @WithDefault("false")
        boolean enabled();

        /**
         * Host names a download and every redirect may go to, exact (no wildcards); {@code host:port} for a port
         * other than the scheme's.
         */
        Optional<List<String>> hosts();

        /** Whether plain {@code http} URLs and redirects are followed too; https only otherwise. */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * URLs pinned here rather than in the request, each {@code <url>#sha256=<64 hex digits>}; a request's own pin
         * must agree.
         */
        Optional<List<String>> pins();

        /**
         * Private or loopback address blocks (CIDR) a download may connect to nonetheless, e.g. an in-cluster model
         * mirror; metadata, link-local, unspecified and multicast addresses are refused regardless.
         */
        Optional<List<String>> privateNetworks();
    }

    /** Where file backbones may come from. */
    interface FileBackbones {

        /** Whether a job may name a TorchScript file at all. */
        @WithDefault("false")
        boolean enabled();

        /** Folders a file must lie in once its symlinks are resolved. */
        Optional<List<String>> folders();
    }

    /** What to train when a dataset gets a new version. */
    interface RetrainBinding {

        /** Model to train (required). */
        String model();

        /** {@code cnn}, {@code mobilenet_v2}, {@code resnet18} or {@code transfer}. */
        @WithDefault("cnn")
        String architecture();

        /** For {@code transfer}: a registered model {@code name[:version]} or a TorchScript file/URL. */
        Optional<String> baseModel();

        /** Learning-rate schedule: constant, cosine or step. */
        Optional<String> schedule();

        /** Epochs of linear learning-rate warm-up. */
        Optional<Integer> warmupEpochs();

        /** Halve the learning rate after this many epochs without a better validation result. */
        Optional<Integer> plateauPatience();

        /** Stop after this many epochs without a better validation result (the best epoch's weights are kept). */
        Optional<Integer> earlyStoppingPatience();

        /** Training-time augmentation: flip, crop. */
        Optional<List<String>> augmentation();

        /** For {@code transfer}: epochs of the fine-tuning phase. */
        Optional<Integer> fineTuneEpochs();

        /** For {@code transfer}: learning rate of the fine-tuning phase (default 2e-5 when fine-tuning). */
        Optional<Double> fineTuneLearningRate();

        /** Passes over the training split, 1 to 1000. */
        @WithDefault("5")
        int epochs();

        /** Images per optimiser step, 1 to 4096; 0 sizes it to the training split (16 to 128). */
        @WithDefault("0")
        int batchSize();

        /**
         * Adam learning rate, above 0 and below 1, or {@code auto}: a learning-rate range test picks it when the job
         * runs (decision 101).
         */
        @WithDefault("0.001")
        String learningRate();

        /** Square input side in pixels; 0: the architecture's default (cnn: the pictures' side, 16 to 32; else 96). */
        @WithDefault("0")
        int imageSize();

        /** Seed of initialisation and shuffling. */
        @WithDefault("42")
        long seed();
    }
}
