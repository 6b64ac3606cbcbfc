package io.sightline.trainer.jobs.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.attempts.CrashHook;
import io.sightline.trainer.jobs.attempts.JobAttempts;
import io.sightline.trainer.jobs.backbone.BackbonePolicy;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.cancel.CancelRequest;
import io.sightline.trainer.jobs.cancel.CancelRequests;
import io.sightline.trainer.jobs.cancel.CancelWatch;
import io.sightline.trainer.jobs.lease.HeldLease;
import io.sightline.trainer.jobs.lease.JobLease;
import io.sightline.trainer.jobs.lease.LeaseLostException;
import io.sightline.trainer.registry.ChampionReevaluation;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.trainer.training.TrainingImages;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs training jobs, each under its {@link JobLease}: a worker handed a job another worker is running waits for
 * that one to end, then announces its result or resumes from its checkpoint; a job handed twice to this instance
 * runs once; a cancelled job is dropped, or stopped at its next batch; a job whose starts died with their workers
 * {@code max-attempts} times is failed instead of started again ({@link JobAttempts}). The run itself is a {@link
 * TrainingRun}.
 * Only an event that cannot be delivered escapes as an exception (so the request is not acknowledged and comes
 * back).
 */
public final class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    /** How long a job's lease lasts unless renewed, when the builder is not told otherwise. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(60);

    /** Starts of a job that died with their worker before the job is failed, when the builder is not told. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** Jobs running in this instance; each future completes when its run ends. */
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final ArtifactStore store;
    private final JobLease leases;
    private final JobAnnouncements announcements;
    private final TrainingRun training;
    private final TrainingRun.JobStarts starts;
    private final WorkerMeters meters;
    private final CancelRequests cancels;
    private final JobBoard board;

    private TrainingWorker(Builder b) {
        this.store = b.store;
        this.board = b.board;
        this.cancels = b.cancels != null ? b.cancels : new CancelRequests(b.store, b.clock);
        this.leases = new JobLease(b.store, b.workerName, b.leaseTtl, b.clock);
        this.starts = new TrainingRun.JobStarts(new JobAttempts(b.store, b.workerName, b.clock, b.maxAttempts),
                b.crashHook);
        this.announcements = new JobAnnouncements(b.board, b.events, b.promoter, b.models, b.clock, b.sendTimeout,
                b.workerName);
        this.meters = new WorkerMeters(b.meters, running);
        VersionPublisher publisher = new VersionPublisher(b.models, new ChampionReevaluation(b.store, b.models),
                b.clock, b.cacheBudgetBytes, b.quarkusVersion);
        this.training = new TrainingRun(new TrainingRun.JobSources(b.store, b.datasets, b.models,
                new Backbones(b.store, b.models, b.backbonePolicy)), b.trainer, announcements, publisher, meters, b.clock,
                b.cacheBudgetBytes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a job, blocking until it ends.
     *
     * @throws EventDeliveryException when an event could not be delivered
     */
    public JobOutcome run(TrainingRequested request) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other;
        while ((other = running.putIfAbsent(request.jobId(), mine)) != null) {
            // the same request reached another consumer of this instance (a rebalance between them, with
            // concurrent-jobs > 1): wait for that run to end rather than acknowledge a job still in flight
            LOG.infof("job %s is already running here; waiting for that run to end", request.jobId());
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while job " + request.jobId() + " runs here", e);
            } catch (ExecutionException e) {
                // never completed exceptionally
            }
        }
        try {
            return meters.count(runLeased(request));
        } finally {
            running.remove(request.jobId(), mine);
            mine.complete(null);
        }
    }

    /**
     * Runs the job holding its lease; a lost lease means waiting for the job to end elsewhere, then looking again. A
     * job cancelled before it runs here is dropped: looked for before the lease is taken and again once it is held.
     */
    private JobOutcome runLeased(TrainingRequested request) {
        try (CancelWatch cancel = cancels.watch(request.jobId())) {
            return runLeased(request, cancel);
        }
    }

    private JobOutcome runLeased(TrainingRequested request, CancelWatch cancel) {
        while (true) {
            if (cancel.requestedNow()) {
                return dropped(request, cancel.request().orElseThrow());
            }
            HeldLease lease;
            try {
                lease = leases.acquire(request.jobId());
            } catch (IllegalArgumentException e) {
                return announcements.failed(request, e.getMessage());
            } catch (IOException e) {
                return announcements.failed(request, "the job's lease in the store " + store.uri()
                        + " could not be taken: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the lease of job " + request.jobId(), e);
            }
            try (lease) {
                if (cancel.requestedNow()) {
                    return dropped(request, cancel.request().orElseThrow());
                }
                return training.run(request, lease, cancel, starts);
            } catch (LeaseLostException e) {
                LOG.warnf("%s; stopped without publishing, now waiting for the job to end elsewhere", e.getMessage());
            }
        }
    }

    /** A cancelled job's request, handed to this worker before it ran or while it waited: announced, not trained. */
    private JobOutcome dropped(TrainingRequested request, CancelRequest cancel) {
        int epochs = board.find(request.jobId()).map(TrainingJob::epochs).map(java.util.List::size).orElse(0);
        return announcements.cancelled(request, epochs, cancel);
    }

    /**
     * What a worker works with and how. {@code set} for what every worker needs, {@code opt} for settings with a
     * default.
     */
    public static final class Builder {
        private ArtifactStore store;
        private PublishedDatasets datasets;
        private PublishedModels models;
        private Promoter promoter;
        private JobBoard board;
        private TrainingEvents events;
        private ImageClassifierTrainer trainer;
        private MeterRegistry meters;
        private Clock clock;
        private String workerName;
        private Duration sendTimeout;
        private long cacheBudgetBytes = TrainingImages.UNLIMITED;
        private String quarkusVersion;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private BackbonePolicy backbonePolicy = BackbonePolicy.registeredOnly();
        private CancelRequests cancels;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private CrashHook crashHook = CrashHook.off();

        private Builder() {
        }

        /**
         * Starts of a job that died with their worker (no end recorded) after which a worker handed the job fails
         * it instead of starting it again; {@link #DEFAULT_MAX_ATTEMPTS} unless set.
         */
        public Builder optMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Test-only: a model whose runs halt the JVM; none unless set. */
        public Builder optCrashHook(CrashHook crashHook) {
            this.crashHook = crashHook;
            return this;
        }

        /** The artefact store datasets are read from, and versions, checkpoints and leases written to. */
        public Builder setStore(ArtifactStore store) {
            this.store = store;
            return this;
        }

        public Builder setDatasets(PublishedDatasets datasets) {
            this.datasets = datasets;
            return this;
        }

        public Builder setModels(PublishedModels models) {
            this.models = models;
            return this;
        }

        public Builder setPromoter(Promoter promoter) {
            this.promoter = promoter;
            return this;
        }

        /** The job table this worker reports to. */
        public Builder setBoard(JobBoard board) {
            this.board = board;
            return this;
        }

        public Builder setEvents(TrainingEvents events) {
            this.events = events;
            return this;
        }

        public Builder setTrainer(ImageClassifierTrainer trainer) {
            this.trainer = trainer;
            return this;
        }

        public Builder setMeters(MeterRegistry meters) {
            this.meters = meters;
            return this;
        }

        public Builder setClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Names this worker in {@code TrainingStarted} and in the leases it holds. */
        public Builder setWorkerName(String workerName) {
            this.workerName = workerName;
            return this;
        }

        /** How long to wait for the broker to take an event. */
        public Builder setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
            return this;
        }

        /**
         * Most memory the preprocessed images of one job may take before they are decoded batch by batch instead;
         * unlimited unless set.
         */
        public Builder optCacheBudgetBytes(long cacheBudgetBytes) {
            this.cacheBudgetBytes = cacheBudgetBytes;
            return this;
        }

        /** For the report's environment; none outside the service. */
        public Builder optQuarkusVersion(String quarkusVersion) {
            this.quarkusVersion = quarkusVersion;
            return this;
        }

        /**
         * How long a job's lease lasts unless renewed (see {@link JobLease}); {@link #DEFAULT_LEASE_TTL} unless
         * set.
         */
        public Builder optLeaseTtl(Duration leaseTtl) {
            this.leaseTtl = leaseTtl;
            return this;
        }

        /** Which TorchScript backbones jobs may use; registered Sightline models only unless set. */
        public Builder optBackbonePolicy(BackbonePolicy backbonePolicy) {
            this.backbonePolicy = backbonePolicy;
            return this;
        }

        /**
         * Where cancel requests are seen; share it with the REST side so that a cancel made in this JVM arrives at
         * once. One of this worker's own (the store only) unless set.
         */
        public Builder optCancelRequests(CancelRequests cancels) {
            this.cancels = cancels;
            return this;
        }

        public TrainingWorker build() {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(datasets, "datasets");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(promoter, "promoter");
            Objects.requireNonNull(board, "board");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(trainer, "trainer");
            Objects.requireNonNull(meters, "meters");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(workerName, "workerName");
            Objects.requireNonNull(sendTimeout, "sendTimeout");
            return new TrainingWorker(this);
        }
    }
}
