package io.sightline.trainer.jobs.queue;

import io.sightline.events.DatasetSplit;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.DatasetManifest;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.PublishedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.board.TrainingJob;

/**
 * Asking for training: validates requests, picks the dataset version, queues the job through {@link
 * TrainingEvents}, and turns a freshly split dataset into a job when a retrain rule names it.
 */
public final class TrainingJobs {

    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);

    /** Trigger of jobs asked for through the API. */
    public static final String API_TRIGGER = "api";

    private final PublishedDatasets datasets;
    private final PublishedModels registry;
    private final JobBoard board;
    private final TrainingEvents events;
    private final RetrainRules retrainRules;
    private final Clock clock;
    private final Duration sendTimeout;
    private final RetrainDebounce debounce;
    private final JobChecks checks;

    /**
     * Jobs without base-model checks before queueing, debounce or trace hand-over.
     *
     * @throws IllegalArgumentException when a retrain rule is invalid, naming the rule and the problem
     */
    public TrainingJobs(PublishedDatasets datasets, PublishedModels registry, JobBoard board, TrainingEvents events,
                        List<RetrainRule> retrainRules, Clock clock, Duration sendTimeout) {
        this(builder().setDatasets(datasets).setModels(registry).setBoard(board).setEvents(events)
                .setRetrainRules(retrainRules).setClock(clock).setSendTimeout(sendTimeout));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @throws IllegalArgumentException when a retrain rule is invalid, naming the rule and the problem
     */
    private TrainingJobs(Builder b) {
        this.debounce = new RetrainDebounce(b.debounce, b.callerContext);
        this.datasets = b.datasets;
        this.registry = b.models;
        this.board = b.board;
        this.events = b.events;
        this.clock = b.clock;
        this.sendTimeout = b.sendTimeout;
        this.retrainRules = new RetrainRules(b.retrainRules, b.backbones, b.memory);
        this.checks = new JobChecks(b.datasets, b.backbones, b.architectureChoice, retrainRules.memory(), b.clock);
    }

    /** {@link #queue} without the note on the architecture. */
    public TrainingJob submit(JobRequest request) throws IOException {
        return queue(request).job();
    }

    /**
     * Validates a request and queues the job; a request naming no architecture gets one chosen for the dataset's
     * size ({@link ArchitectureChoice}).
     *
     * @return the queued job, and why its architecture was chosen when it was
     * @throws InvalidJobException    naming every problem of the request
     * @throws EventDeliveryException when the job could not be queued
     */
    public QueuedJob queue(JobRequest request) throws IOException {
        return queue(request, API_TRIGGER, UUID.randomUUID().toString());
    }

    /**
     * Queues a job under a trigger of the caller's and a job id it chose (a sweep's ids are derived from its plan, so
     * planning again after a crash queues the same jobs, which the workers train once).
     */
    public TrainingJob submit(JobRequest request, String trigger, String jobId) throws IOException {
        return queue(request, trigger, jobId).job();
    }

    /** Applies every check of {@link #queue} without queueing anything. */
    public void check(JobRequest request) throws IOException {
        checks.checked(request, API_TRIGGER, "check");
    }

    private QueuedJob queue(JobRequest request, String trigger, String jobId) throws IOException {
        JobChecks.Checked checked = checks.checked(request, trigger, jobId);
        enqueue(checked.job());
        ArchitectureChoice.Choice choice = checked.choice();
        if (choice.note() != null) {
            LOG.logf(choice.fromScratch() ? Logger.Level.WARN : Logger.Level.INFO, "job %s: %s", jobId, choice.note());
        }
        return new QueuedJob(board.find(jobId).orElseThrow(), choice.note());
    }

    /**
     * Queues the job a retrain rule asks for when a dataset version was split, at once (no debounce). A
     * redelivered split yields the same job id, and a job already known or already trained is not queued again.
     *
     * @return the job, when a rule names the dataset
     */
    public Optional<TrainingJob> retrain(DatasetSplit split) throws IOException {
        RetrainRule rule = retrainRules.find(split.dataset()).map(RetrainRules.Binding::rule).orElse(null);
        if (rule == null || split.version() == null) {
            return Optional.empty();
        }
        return queueRetrain(split, rule);
    }

    /**
     * The retrain a split asks for, once the dataset has been quiet for the debounce time: a newer split of the
     * same dataset within that time replaces this one, so a burst trains once, on the newest.
     *
     * <p>The returned stage completes when the split has been dealt with: its job queued (the job), or nothing
     * to do (empty: no rule names the dataset, or a newer split replaced it). It fails when the job could not be
     * queued. The caller acknowledges the split's record only then, so a trainer stopped inside the debounce
     * window leaves the record uncommitted, and the retrain happens after the restart.
     */
    public CompletionStage<Optional<TrainingJob>> retrainWhenQuiet(DatasetSplit split) {
        RetrainRule rule = retrainRules.find(split.dataset()).map(RetrainRules.Binding::rule).orElse(null);
        if (rule == null || split.version() == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return debounce.whenQuiet(split, rule.debounce(), () -> queueRetrainStage(split, rule));
    }

    private CompletionStage<Optional<TrainingJob>> queueRetrainStage(DatasetSplit split, RetrainRule rule) {
        try {
            return CompletableFuture.completedFuture(queueRetrain(split, rule));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("retrain of dataset %s version %s could not be queued: %s", split.dataset(), split.version(),
                    e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }

    private Optional<TrainingJob> queueRetrain(DatasetSplit split, RetrainRule rule) throws IOException {
        String jobId = retrainJobId(split, rule);
        Optional<TrainingJob> known = board.find(jobId);
        if (known.isPresent()) {
            return known;
        }
        if (registry.versionOfJob(rule.model(), jobId).isPresent()) {
            return Optional.empty(); // trained before a restart; nothing to do
        }
        TrainingRequested job = new TrainingRequested(jobId, rule.model(), split.dataset(), split.version(),
                rule.parameters(), "retrain:" + split.dataset(), clock.instant());
        Optional<String> unfit = unfitForRetrain(split, rule);
        if (unfit.isPresent()) {
            // nobody to answer 400: the job is recorded as failed, with the reason, for everyone to see
            board.queued(job);
            Instant at = clock.instant();
            board.failed(jobId, rule.model(), unfit.get(), at);
            LOG.warnf("retrain of model %s on dataset %s version %s not queued: %s", rule.model(), split.dataset(),
                    split.version(), unfit.get());
            EventDeliveryException.await(events.failed(new TrainingFailed(jobId, rule.model(), unfit.get(), at)),
                    sendTimeout, "failure of job " + jobId);
            return board.find(jobId);
        }
        enqueue(job);
        return board.find(jobId);
    }

    /** Why the binding's parameters cannot train this version (as a request would be answered 400), if so. */
    private Optional<String> unfitForRetrain(DatasetSplit split, RetrainRule rule) throws IOException {
        Optional<DatasetManifest> manifest = datasets.manifest(split.dataset(), split.version());
        if (manifest.isEmpty()) {
            return Optional.empty(); // not visible here yet; the worker reports it if it stays missing
        }
        try {
            RequestChecks.requireTrainable(manifest.get());
        } catch (InvalidJobException e) {
            return Optional.of(e.getMessage());
        }
        int trainImages = manifest.get().entries(DatasetManifest.TRAIN).size();
        if (rule.parameters().batchSize() > trainImages) {
            return Optional.of("the retrain binding's batchSize " + rule.parameters().batchSize()
                    + " is larger than the " + trainImages + " training images of dataset " + split.dataset()
                    + " version " + split.version());
        }
        return Optional.empty();
    }

    /** The job id of the retrain job for a split: the same event always gives the same id. */
    static String retrainJobId(DatasetSplit split, RetrainRule rule) {
        return retrainJobIdOf(split, rule.model());
    }

    /** The job id of the retrain job a split asks of a model's binding (the same on every replica). */
    public static String retrainJobIdOf(DatasetSplit split, String model) {
        String identity = "retrain\n" + (split.eventId() != null ? split.eventId()
                : split.dataset() + "/" + split.version() + "/" + split.digest()) + "\n" + model;
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The configured retrain bindings. */
    public Map<String, RetrainRule> retrainRules() {
        return retrainRules.configured();
    }

    /** The retrain bindings in force: configured, and set through the API. */
    public RetrainRules bindings() {
        return retrainRules;
    }

    public List<TrainingJob> list() {
        return board.list();
    }

    /** @throws UnknownResourceException when there is no such job */
    public TrainingJob get(String jobId) {
        return board.find(jobId).orElseThrow(() -> UnknownResourceException.job(jobId));
    }

    /**
     * A file the job's model version holds (report, curves).
     *
     * @throws UnknownResourceException when there is no such job, it has not produced a version, or the version
     *                                  has no such file (trained before reports existed)
     */
    public byte[] output(String jobId, String file) throws IOException {
        TrainingJob job = get(jobId);
        if (job.modelVersion() == null) {
            throw new UnknownResourceException("training job " + jobId + " has no " + file + " yet: it is "
                    + job.status() + (job.reason() == null ? "" : " (" + job.reason() + ")"));
        }
        return registry.file(job.model(), job.modelVersion(), file).orElseThrow(() -> new UnknownResourceException(
                "model " + job.model() + " version " + job.modelVersion() + " has no " + file));
    }

    /** Lists the jobs that left a model version in the store (after a restart the table starts empty). */
    public int recoverFinishedJobs() throws IOException {
        List<ModelMetrics> all = registry.allMetrics();
        all.forEach(board::recovered);
        return all.size();
    }

    private void enqueue(TrainingRequested job) {
        board.queued(job);
        try {
            EventDeliveryException.await(events.requested(job), sendTimeout, "training job " + job.jobId());
        } catch (EventDeliveryException e) {
            board.failed(job.jobId(), job.model(), "could not be queued: " + e.getMessage(), clock.instant());
            throw e;
        }
    }

    /** What job submission works with. {@code set} for what it always needs, {@code opt} for the extras. */
    public static final class Builder {
        private PublishedDatasets datasets;
        private PublishedModels models;
        private JobBoard board;
        private TrainingEvents events;
        private List<RetrainRule> retrainRules = List.of();
        private Clock clock;
        private Duration sendTimeout;
        private Backbones backbones;
        private Duration debounce = Duration.ZERO;
        private CallerContext callerContext = CallerContext.NONE;
        private TrainingMemory memory = TrainingMemory.unlimited();
        private ArchitectureChoice architectureChoice = ArchitectureChoice.withoutBase();

        private Builder() {
        }

        public Builder setDatasets(PublishedDatasets datasets) {
            this.datasets = datasets;
            return this;
        }

        public Builder setModels(PublishedModels models) {
            this.models = models;
            return this;
        }

        public Builder setBoard(JobBoard board) {
            this.board = board;
            return this;
        }

        public Builder setEvents(TrainingEvents events) {
            this.events = events;
            return this;
        }

        /** Which dataset splits queue a job by themselves; checked when built. */
        public Builder setRetrainRules(List<RetrainRule> retrainRules) {
            this.retrainRules = retrainRules;
            return this;
        }

        public Builder setClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long to wait for the broker to take a request. */
        public Builder setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
            return this;
        }

        /** What one job may need by its estimate, checked for requests and bindings; unlimited unless set. */
        public Builder optMemory(TrainingMemory memory) {
            this.memory = memory;
            return this;
        }

        /** What a request naming no architecture trains on a small dataset; no base (from scratch) unless set. */
        public Builder optArchitectureChoice(ArchitectureChoice architectureChoice) {
            this.architectureChoice = architectureChoice;
            return this;
        }

        /** Checks base models before a transfer job is queued; without it, the worker alone checks them. */
        public Builder optBackbones(Backbones backbones) {
            this.backbones = backbones;
            return this;
        }

        /**
         * How long a retrain waits for a newer split of the same dataset; a burst of splits trains once, on the
         * last one. Zero (at once) unless set.
         */
        public Builder optDebounce(Duration debounce) {
            this.debounce = debounce;
            return this;
        }

        /**
         * Carries the split's trace over the debounce, so that the job a retrain queues continues the trace of the
         * dataset that asked for it.
         */
        public Builder optCallerContext(CallerContext callerContext) {
            this.callerContext = callerContext;
            return this;
        }

        /** @throws IllegalArgumentException when a retrain rule is invalid, naming the rule and the problem */
        public TrainingJobs build() {
            return new TrainingJobs(this);
        }
    }
}
