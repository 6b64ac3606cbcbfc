package io.sightline.trainer.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.registry.ImageCounts;
import io.sightline.trainer.registry.Lineage;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.ModelRegistry;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.registry.PublishedVersion;
import io.sightline.trainer.registry.StageTimings;
import io.sightline.trainer.training.EpochMetrics;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingFailure;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.trainer.training.TrainingSpec;
import io.sightline.trainer.training.ValidationSlice;
import ai.djl.MalformedModelException;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.registry.Champion;
import io.sightline.trainer.registry.ChampionComparison;
import io.sightline.trainer.registry.TrainingDetails;
import io.sightline.trainer.report.ArchitectureRationale;
import io.sightline.trainer.report.CurvesSvg;
import io.sightline.trainer.report.Environment;
import io.sightline.trainer.report.TrainingReport;
import io.sightline.trainer.training.SplitImages;
import io.sightline.vision.Classifier;
import io.sightline.vision.ModelArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Runs one training job to its end: announce the start, load the images, train, publish the next model
 * version, announce the result, promote. Problems the requester can fix end the job with a {@code
 * TrainingFailed} event; only an event that cannot be delivered escapes as an exception (so the request
 * is not acknowledged and comes back). A job that already produced a version is not trained again: its
 * result is announced again instead. A job runs under its {@link JobLease}: a worker handed a job another
 * worker is running waits for that one to end, then announces its result or resumes from its checkpoint.
 */
public final class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final ArtifactStore store;
    private final DatasetCatalog datasets;
    private final ModelRegistry registry;
    private final Promoter promoter;
    private final JobBoard board;
    private final TrainingEvents events;
    private final ImageClassifierTrainer trainer;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String workerName;
    private final Duration sendTimeout;
    /** Jobs running in this instance; each future completes when its run ends. */
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final Backbones backbones;
    private final Options options;
    private final JobLease leases;

    /**
     * Settings of a worker beyond its collaborators.
     *
     * @param cacheBudgetBytes most memory the preprocessed images of one job may take before they are decoded
     *                         batch by batch instead
     * @param quarkusVersion   for the report's environment (null outside the service)
     * @param leaseTtl         how long a job's lease lasts unless renewed (see {@link JobLease})
     */
    public record Options(long cacheBudgetBytes, String quarkusVersion, Duration leaseTtl) {
        public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(60);
        public static final Options DEFAULTS = new Options(TrainingImages.UNLIMITED, null);

        public Options(long cacheBudgetBytes, String quarkusVersion) {
            this(cacheBudgetBytes, quarkusVersion, DEFAULT_LEASE_TTL);
        }

        public Options withLeaseTtl(Duration ttl) {
            return new Options(cacheBudgetBytes, quarkusVersion, ttl);
        }
    }

    public TrainingWorker(ArtifactStore store, DatasetCatalog datasets, ModelRegistry registry, Promoter promoter,
                          JobBoard board, TrainingEvents events, ImageClassifierTrainer trainer,
                          MeterRegistry meters, Clock clock, String workerName, Duration sendTimeout) {
        this(store, datasets, registry, promoter, board, events, trainer, meters, clock, workerName, sendTimeout,
                Options.DEFAULTS);
    }

    public TrainingWorker(ArtifactStore store, DatasetCatalog datasets, ModelRegistry registry, Promoter promoter,
                          JobBoard board, TrainingEvents events, ImageClassifierTrainer trainer,
                          MeterRegistry meters, Clock clock, String workerName, Duration sendTimeout,
                          Options options) {
        this.backbones = new Backbones(store, registry);
        this.options = options;
        this.store = store;
        this.datasets = datasets;
        this.registry = registry;
        this.promoter = promoter;
        this.board = board;
        this.events = events;
        this.trainer = trainer;
        this.meters = meters;
        this.clock = clock;
        this.workerName = workerName;
        this.sendTimeout = sendTimeout;
        this.leases = new JobLease(store, workerName, options.leaseTtl(), clock);
        Gauge.builder("sightline.trainer.jobs.running", running, Map::size)
                .description("Training jobs running in this instance")
                .register(meters);
        for (JobOutcome outcome : JobOutcome.values()) {
            jobsCounter(outcome); // every outcome visible from the start, at 0
        }
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
            return count(runLeased(request));
        } finally {
            running.remove(request.jobId(), mine);
            mine.complete(null);
        }
    }

    /** Runs the job holding its lease; a lost lease means waiting for the job to end elsewhere, then looking again. */
    private JobOutcome runLeased(TrainingRequested request) {
        while (true) {
            HeldLease lease;
            try {
                lease = leases.acquire(request.jobId());
            } catch (IllegalArgumentException e) {
                return fail(request, e.getMessage());
            } catch (IOException e) {
                return fail(request, "the job's lease in the store " + store.uri() + " could not be taken: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the lease of job " + request.jobId(), e);
            }
            try (lease) {
                return runOnce(request, lease);
            } catch (LeaseLostException e) {
                LOG.warnf("%s; stopped without publishing, now waiting for the job to end elsewhere", e.getMessage());
            }
        }
    }

    private JobOutcome runOnce(TrainingRequested request, HeldLease lease) {
        Optional<String> produced;
        try {
            produced = StoreKeys.isValidName(request.model())
                    ? registry.versionOfJob(request.model(), request.jobId())
                    : Optional.empty();
            if (produced.isPresent()) {
                announceAgain(request, produced.get());
                return JobOutcome.SKIPPED;
            }
        } catch (IOException e) {
            return fail(request, "the model registry in the store " + store.uri() + " could not be read: " + e);
        }

        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        TrainingParameters requested = request.parameters();
        TrainingSpec spec = requested == null || requested.architecture() == null ? null : TrainingSpec.of(requested);
        TrainingParameters parameters = spec == null ? requested : withImageSize(requested, spec.imageSize());
        TrainingStarted started = new TrainingStarted(request.jobId(), request.model(), request.dataset(),
                request.datasetVersion(), parameters, workerName, startedAt);
        board.started(started, request.trigger());
        EventDeliveryException.await(events.started(started), sendTimeout, "start of job " + request.jobId());
        LOG.infof("job %s: training model %s on dataset %s version %s with %s", request.jobId(), request.model(),
                request.dataset(), request.datasetVersion(), parameters);
        try {
            requireValid(request);
            DatasetManifest manifest = datasets.manifest(request.dataset(), request.datasetVersion())
                    .orElseThrow(() -> new TrainingFailure("dataset " + request.dataset() + " version "
                            + request.datasetVersion() + " is not in the store " + store.uri()
                            + "; import it first, or give this service the dataset service's sightline.store.uri"));
            if (manifest.classes() == null || manifest.classes().size() < 2) {
                TrainingImages.load(store, manifest, spec.imageSize()); // throws the reason
            }
            spec = TrainingSpec.of(requested, typicalSide(manifest), manifest.entries(DatasetManifest.TRAIN).size())
                    .withTimeBudget(requested.timeBudgetSeconds() == null ? 0 : requested.timeBudgetSeconds(), start);
            Backbones.Resolved resolved = backbones.resolve(requested, spec.imageSize(), manifest.classes());
            spec = spec.withImageSize(resolved.signature().width());
            parameters = withImageSize(requested, spec.imageSize(), spec.batchSize());
            TrainingImages images = TrainingImages.load(store, manifest, resolved.signature(),
                    options.cacheBudgetBytes());
            if (!images.cached()) {
                LOG.warnf("job %s: the preprocessed images need %.1f MB, more than the cache budget of %.1f MB;"
                        + " decoding them batch by batch every epoch", request.jobId(), images.tensorBytes() / 1e6,
                        options.cacheBudgetBytes() / 1e6);
            }
            StoreCheckpoints checkpoints = new StoreCheckpoints(store, request.jobId());
            String fingerprint = fingerprint(parameters, manifest);
            AtomicReference<ModelMetrics> written = new AtomicReference<>();
            PublishedVersion published;
            final TrainingParameters resolvedParameters = parameters;
            try (TrainedModel trained = trainer.train(images, spec, resolved.network(), lease.guard(checkpoints),
                    fingerprint, epoch -> onEpoch(request, epoch))) {
                trained.warnings().forEach(w -> LOG.warnf("job %s: %s", request.jobId(), w));
                Optional<String> meanwhile = registry.versionOfJob(request.model(), request.jobId());
                if (meanwhile.isPresent()) {
                    // another worker ran the same request (a rebalance mid-job) and published first
                    announceAgain(request, meanwhile.get());
                    return JobOutcome.SKIPPED;
                }
                long championStart = System.nanoTime();
                ChampionComparison champion = championOnThisSplit(request.model(), images);
                long championMs = (System.nanoTime() - championStart) / 1_000_000;
                lease.confirm(); // a worker that lost the lease never publishes: its successor will
                published = registry.publish(request.model(), (dir, version) -> {
                    long writeStart = System.nanoTime();
                    trained.writeArtifact(dir);
                    long writeMs = (System.nanoTime() - writeStart) / 1_000_000;
                    ModelMetrics metrics = metrics(request, resolvedParameters, manifest, images, trained, version,
                            startedAt, start, resolved.baseModel(), writeMs, championMs, champion);
                    ModelRegistry.writeMetrics(dir, metrics);
                    String curves = CurvesSvg.render("model " + metrics.model() + " version " + version,
                            metrics.history(), metrics.heldOutSplit(), trained.bestEpoch());
                    Files.writeString(dir.resolve(ModelRegistry.CURVES), curves, StandardCharsets.UTF_8);
                    Files.writeString(dir.resolve(ModelRegistry.REPORT), TrainingReport.render(metrics, curves),
                            StandardCharsets.UTF_8);
                    written.set(metrics);
                });
                record(trained);
            }
            ModelMetrics metrics = written.get();
            LOG.infof("job %s: published model %s version %s, test accuracy %.4f", request.jobId(),
                    published.model(), published.version(), metrics.test().accuracy());
            announce(request, metrics, (System.nanoTime() - start) / 1_000_000);
            clear(checkpoints);
            return JobOutcome.COMPLETED;
        } catch (TrainingFailure e) {
            return fail(request, e.getMessage());
        } catch (IOException e) {
            return fail(request, "the store " + store.uri() + " failed: " + e);
        } catch (EventDeliveryException | LeaseLostException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) { // LinkageError: the engine's native library failed to load
            LOG.errorf(e, "job %s crashed", request.jobId());
            return fail(request, "training crashed: " + e);
        }
    }

    /** The run a checkpoint belongs to: the same job with other parameters or data must not resume it. */
    private static String fingerprint(TrainingParameters parameters, DatasetManifest manifest) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(StoreJson.write(parameters));
            digest.update(String.valueOf(manifest.digest()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void clear(StoreCheckpoints checkpoints) {
        try {
            checkpoints.clear();
        } catch (IOException e) {
            LOG.warnf("could not empty %s: %s", checkpoints.key(), e.toString());
        }
    }

    /** The champion's accuracy on the new test split, for the promotion gate; null when there is no champion. */
    private ChampionComparison championOnThisSplit(String model, TrainingImages images) {
        Optional<Champion> champion;
        try {
            champion = registry.champion(model);
        } catch (IOException e) {
            return null;
        }
        if (champion.isEmpty()) {
            return null;
        }
        String version = champion.get().version();
        double recorded = champion.get().testAccuracy();
        try (Classifier classifier = ModelArtifact.load(store.localFolder(StoreKeys.modelVersion(model, version)))) {
            if (!classifier.signature().classes().equals(images.signature().classes())) {
                return new ChampionComparison(version, null, recorded, "its classes " + classifier.signature().classes()
                        + " differ from this dataset's " + images.signature().classes());
            }
            SplitImages test = images.testFor(store, classifier.signature());
            int size = test.inputSize();
            int correct = 0;
            for (int from = 0; from < test.count(); from += 64) {
                int to = Math.min(test.count(), from + 64);
                List<float[]> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    float[] image = new float[size];
                    test.copy(i, image, 0);
                    batch.add(image);
                }
                float[][] probabilities = classifier.probabilities(batch);
                for (int i = from; i < to; i++) {
                    correct += argMax(probabilities[i - from]) == test.labels()[i] ? 1 : 0;
                }
            }
            return new ChampionComparison(version, (double) correct / test.count(), recorded, null);
        } catch (IOException | MalformedModelException | TrainingFailure | RuntimeException e) {
            LOG.warnf("champion %s version %s could not be re-measured: %s", model, version, e.toString());
            return new ChampionComparison(version, null, recorded, "it could not be loaded or run: " + e.getMessage());
        }
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private void requireValid(TrainingRequested request) throws TrainingFailure {
        if (!StoreKeys.isValidName(request.model())) {
            throw new TrainingFailure("model name is not valid: " + request.model());
        }
        if (request.parameters() == null) {
            throw new TrainingFailure("the request carries no training parameters");
        }
        List<String> problems = ParameterRules.problems(request.parameters());
        if (!problems.isEmpty()) {
            throw new TrainingFailure(String.join("; ", problems));
        }
    }

    private void onEpoch(TrainingRequested request, EpochMetrics epoch) {
        board.epoch(request.jobId(), request.model(), epoch);
        TrainingEpoch event = new TrainingEpoch(request.jobId(), request.model(), epoch.epoch(), epoch.epochs(),
                epoch.trainLoss(), epoch.trainAccuracy(), epoch.validationLoss(), epoch.validationAccuracy(),
                epoch.learningRate(), epoch.durationMs(), epoch.imagesPerSecond());
        try {
            EventDeliveryException.await(events.epoch(event), sendTimeout, "epoch " + epoch.epoch() + " of job "
                    + request.jobId());
        } catch (EventDeliveryException e) {
            // progress is nice to have; the job's outcome is what must not be lost
            LOG.warn(e.getMessage());
        }
    }

    private void announce(TrainingRequested request, ModelMetrics metrics, long durationMs) throws IOException {
        TrainingCompleted completed = new TrainingCompleted(request.jobId(), metrics.model(), metrics.version(),
                metrics.lineage().dataset(), metrics.lineage().datasetVersion(), metrics.test().accuracy(),
                metrics.test().loss(), StoreKeys.modelVersion(metrics.model(), metrics.version()), durationMs,
                metrics.completedAt());
        board.completed(completed);
        EventDeliveryException.await(events.completed(completed), sendTimeout, "completion of job " + request.jobId());
        PromotionDecision decision = promoter.afterTraining(metrics);
        board.promotion(request.jobId(), request.model(), decision);
        LOG.infof("job %s: model %s version %s %s: %s", request.jobId(), metrics.model(), metrics.version(),
                decision.promote() ? "promoted" : "not promoted", decision.reason());
    }

    /** A redelivered job whose version exists: announce its result again, train nothing. */
    private void announceAgain(TrainingRequested request, String version) throws IOException {
        LOG.infof("job %s already produced model %s version %s; announcing it again", request.jobId(),
                request.model(), version);
        Optional<ModelMetrics> metrics = registry.metrics(request.model(), version);
        if (metrics.isPresent()) {
            ModelMetrics m = metrics.get();
            long durationMs = m.startedAt() != null && m.completedAt() != null
                    ? Duration.between(m.startedAt(), m.completedAt()).toMillis()
                    : 0;
            board.recovered(m);
            announce(request, m, durationMs);
        }
    }

    private JobOutcome fail(TrainingRequested request, String reason) {
        LOG.warnf("job %s failed: %s", request.jobId(), reason);
        Instant at = clock.instant();
        board.failed(request.jobId(), request.model(), reason, at);
        EventDeliveryException.await(events.failed(new TrainingFailed(request.jobId(), request.model(), reason, at)),
                sendTimeout, "failure of job " + request.jobId());
        return JobOutcome.FAILED;
    }

    private ModelMetrics metrics(TrainingRequested request, TrainingParameters parameters, DatasetManifest manifest,
                                 TrainingImages images, TrainedModel trained, String version, Instant startedAt,
                                 long start, String baseModel, long artifactWriteMs, long championMs,
                                 ChampionComparison champion) {
        long total = 0;
        for (var p : trained.model().getBlock().getParameters().values()) {
            total += p.getArray().size();
        }
        long frozen = 0;
        if (trained.architecture().base() != null || trained.architecture().backbone() != null) {
            var backbone = trained.model().getBlock().getChildren().get(0).getValue();
            for (var p : backbone.getParameters().values()) {
                frozen += p.getArray().size();
            }
        }
        TrainingDetails details = new TrainingDetails(trained.architecture(),
                ArchitectureRationale.explain(trained.architecture(), images.train().count(),
                        images.signature().classes().size(), total, frozen),
                total, frozen, trained.bestEpoch(), trained.stoppedEarly(), trained.resumedFromEpoch(), images.cached(),
                images.tensorBytes(), options.cacheBudgetBytes(), trained.warnings(),
                Environment.current(options.quarkusVersion(), trained.device()), trained.validation(), trained.budget());
        int held = ValidationSlice.SLICE.equals(trained.validation().source()) ? trained.validation().images() : 0;
        return new ModelMetrics(request.model(), version, trained.architecture().name(), parameters,
                new Lineage(request.jobId(), request.trigger(), manifest.dataset(), manifest.version(),
                        manifest.digest(), baseModel),
                new ImageCounts(images.train().count() - held, images.validation().count() + held,
                        images.test().count()),
                trained.test(), trained.heldOutSplit(), trained.history(),
                new StageTimings(images.preprocessingMs(), trained.trainingMs(), trained.evaluationMs(),
                        (System.nanoTime() - start) / 1_000_000, artifactWriteMs, championMs),
                trained.imagesPerSecond(), startedAt, clock.instant(), details, champion);
    }

    private void record(TrainedModel trained) {
        Timer.builder("sightline.trainer.training.duration")
                .description("Wall time of the training epochs of a job")
                .tag("architecture", trained.architecture().name())
                .register(meters)
                .record(Duration.ofMillis(trained.trainingMs()));
        DistributionSummary.builder("sightline.trainer.training.throughput")
                .description("Training images processed per second, per job")
                .baseUnit("images.per.second")
                .tag("architecture", trained.architecture().name())
                .register(meters)
                .record(trained.imagesPerSecond());
    }

    private JobOutcome count(JobOutcome outcome) {
        jobsCounter(outcome).increment();
        return outcome;
    }

    private Counter jobsCounter(JobOutcome outcome) {
        return Counter.builder("sightline.trainer.jobs")
                .description("Training jobs handled, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters);
    }

    private static TrainingParameters withImageSize(TrainingParameters p, int imageSize) {
        return withImageSize(p, imageSize, p.batchSize());
    }

    /** The parameters with the image and batch size resolved, as the report and metrics show them. */
    private static TrainingParameters withImageSize(TrainingParameters p, int imageSize, int batchSize) {
        return new TrainingParameters(p.architecture(), p.baseModel(), p.epochs(), batchSize, p.learningRate(),
                p.fineTuneLearningRate(), imageSize, p.seed(), p.schedule(), p.warmupEpochs(), p.stepEpochs(),
                p.plateauPatience(), p.earlyStoppingPatience(), p.augmentation(), p.fineTuneEpochs(),
                p.timeBudgetSeconds(), p.validationShare());
    }

    /**
     * The typical side of a dataset version's pictures (the median of each training picture's shorter side), which
     * sets the default input size; 0 when the manifest does not record sizes.
     */
    static int typicalSide(DatasetManifest manifest) {
        int[] sides = manifest.entries(DatasetManifest.TRAIN).stream()
                .filter(e -> e.width() > 0 && e.height() > 0)
                .mapToInt(e -> Math.min(e.width(), e.height())).sorted().toArray();
        return sides.length == 0 ? 0 : sides[sides.length / 2];
    }
}
