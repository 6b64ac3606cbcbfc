package io.sightline.trainer.jobs.worker;

import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.attempts.CrashHook;
import io.sightline.trainer.jobs.attempts.JobAttempts;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.cancel.CancelWatch;
import io.sightline.trainer.jobs.lease.HeldLease;
import io.sightline.trainer.jobs.lease.LeaseLostException;
import io.sightline.trainer.jobs.queue.ParameterRules;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingFailure;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.trainer.training.TrainingSpec;
import io.sightline.trainer.training.TrainingStopped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One job's training, with its lease held: announce the start, read the dataset version, resolve the network
 * (from scratch or from a base model), load the images, train with a checkpoint every epoch, publish the version,
 * announce the result and promote. Problems the requester can fix end the job with a {@code TrainingFailed}
 * event; a job that already produced a version is announced again instead of trained.
 */
final class TrainingRun {

    private static final Logger LOG = Logger.getLogger(TrainingRun.class);

    private final JobSources sources;
    private final ImageClassifierTrainer trainer;
    private final JobAnnouncements announcements;
    private final VersionPublisher publisher;
    private final WorkerMeters meters;
    private final Clock clock;
    private final long cacheBudgetBytes;

    /**
     * Where a job's inputs come from and its version goes: one artefact store, seen as datasets, as models and as
     * the base models of transfer learning.
     */
    record JobSources(ArtifactStore store, PublishedDatasets datasets, PublishedModels models, Backbones backbones) {
    }

    /** Each start of a job recorded, and the limit on starts that died; {@code crash} is test-only. */
    record JobStarts(JobAttempts attempts, CrashHook crash) {
    }

    /** @param cacheBudgetBytes most memory one job's preprocessed images may take before being decoded per batch */
    TrainingRun(JobSources sources, ImageClassifierTrainer trainer, JobAnnouncements announcements,
                VersionPublisher publisher, WorkerMeters meters, Clock clock, long cacheBudgetBytes) {
        this.sources = sources;
        this.trainer = trainer;
        this.announcements = announcements;
        this.publisher = publisher;
        this.meters = meters;
        this.clock = clock;
        this.cacheBudgetBytes = cacheBudgetBytes;
    }

    /**
     * Runs the job to its end, or to the batch at which {@code cancel} says it was cancelled (nothing published).
     *
     * @throws EventDeliveryException when an event could not be delivered
     * @throws LeaseLostException     when another worker took the job over
     */
    JobOutcome run(TrainingRequested request, HeldLease lease, CancelWatch cancel, JobStarts starts) {
        ArtifactStore store = sources.store();
        Optional<String> produced;
        try {
            produced = StoreKeys.isValidName(request.model())
                    ? sources.models().versionOfJob(request.model(), request.jobId())
                    : Optional.empty();
            if (produced.isPresent()) {
                announcements.completedBefore(request, produced.get());
                return JobOutcome.SKIPPED;
            }
        } catch (IOException e) {
            return announcements.failed(request, "the model registry in the store " + store.uri()
                    + " could not be read: " + e);
        }
        JobAttempts.Attempt attempt;
        try {
            Optional<String> exhausted = starts.attempts().exhausted(request.jobId());
            if (exhausted.isPresent()) {
                return announcements.failed(request, exhausted.get());
            }
            attempt = starts.attempts().start(request.jobId());
        } catch (IllegalArgumentException e) { // a job id that cannot be part of a store key
            return announcements.failed(request, e.getMessage());
        } catch (IOException e) {
            return announcements.failed(request, "the job's attempts in the store " + store.uri()
                    + " could not be read: " + e);
        }
        try (attempt) {
            JobOutcome outcome = run(request, lease, cancel, attempt, starts.crash());
            attempt.ended(outcome.name());
            return outcome;
        }
    }

    private JobOutcome run(TrainingRequested request, HeldLease lease, CancelWatch cancel, JobAttempts.Attempt attempt,
                           CrashHook crash) {
        ArtifactStore store = sources.store();

        TrainedJob.Start started = new TrainedJob.Start(clock.instant(), System.nanoTime());
        TrainingParameters requested = request.parameters();
        TrainingSpec spec = requested == null || requested.architecture() == null ? null : TrainingSpec.of(requested);
        TrainingParameters parameters = spec == null ? requested : resolved(requested, spec.imageSize(),
                requested.batchSize());
        announcements.started(request, parameters, started.at());
        LOG.infof("job %s: training model %s on dataset %s version %s with %s", request.jobId(), request.model(),
                request.dataset(), request.datasetVersion(), parameters);
        try {
            requireValid(request);
            Optional<String> refusedBase = sources.backbones().refusal(requested);
            if (refusedBase.isPresent()) {
                throw new TrainingFailure(refusedBase.get()); // a record from the topic is checked as a request is
            }
            DatasetManifest manifest = sources.datasets().manifest(request.dataset(), request.datasetVersion())
                    .orElseThrow(() -> new TrainingFailure("dataset " + request.dataset() + " version "
                            + request.datasetVersion() + " is not in the store " + store.uri()
                            + "; import it first, or give this service the dataset service's sightline.store.uri"));
            if (manifest.classes() == null || manifest.classes().size() < 2) {
                TrainingImages.load(store, manifest, spec.imageSize()); // throws the reason
            }
            spec = TrainingSpec.of(requested, typicalSide(manifest), manifest.entries(DatasetManifest.TRAIN).size())
                    .withTimeBudget(requested.timeBudgetSeconds() == null ? 0 : requested.timeBudgetSeconds(),
                            started.nanos());
            Backbones.Resolved resolved = sources.backbones().resolve(requested, spec.imageSize(), manifest.classes());
            spec = spec.withImageSize(resolved.signature().width());
            parameters = resolved(requested, spec.imageSize(), spec.batchSize());
            TrainingImages images = TrainingImages.load(store, manifest, resolved.signature(), cacheBudgetBytes);
            if (!images.cached()) {
                LOG.warnf("job %s: the preprocessed images need %.1f MB, more than the cache budget of %.1f MB;"
                        + " decoding them batch by batch every epoch", request.jobId(), images.tensorBytes() / 1e6,
                        cacheBudgetBytes / 1e6);
            }
            StoreCheckpoints checkpoints = new StoreCheckpoints(store, request.jobId());
            var champion = publisher.measureChampionEarly(request.model(), images); // while the job trains
            ModelMetrics metrics;
            try (TrainedModel trained = trainer.train(images, spec, resolved.network(), lease.guard(checkpoints),
                    fingerprint(parameters, manifest), epoch -> {
                        attempt.epochDone(epoch.epoch());
                        announcements.epoch(request, epoch, manifest.classes().size());
                    }, crash.around(request.model(), cancel))) {
                trained.warnings().forEach(w -> LOG.warnf("job %s: %s", request.jobId(), w));
                if (cancel.requestedNow()) { // the last moment: a published version is not taken back
                    throw new TrainingStopped(trained.history().size());
                }
                Optional<String> meanwhile = sources.models().versionOfJob(request.model(), request.jobId());
                if (meanwhile.isPresent()) {
                    // another worker ran the same request (a rebalance mid-job) and published first
                    announcements.completedBefore(request, meanwhile.get());
                    return JobOutcome.SKIPPED;
                }
                metrics = publisher.publish(new TrainedJob(request, parameters, manifest, images, trained,
                        resolved.baseModel(), resolved.baseModelSha256(), started), lease, champion);
                meters.trained(trained);
            }
            LOG.infof("job %s: published model %s version %s, test accuracy %.4f", request.jobId(),
                    metrics.model(), metrics.version(), metrics.test().accuracy());
            announcements.completed(request, metrics, (System.nanoTime() - started.nanos()) / 1_000_000);
            clear(checkpoints);
            return JobOutcome.COMPLETED;
        } catch (TrainingStopped e) {
            return announcements.cancelled(request, e.epochsDone(), cancel.request().orElseThrow());
        } catch (TrainingFailure e) {
            return announcements.failed(request, e.getMessage());
        } catch (IOException e) {
            return announcements.failed(request, "the store " + store.uri() + " failed: " + e);
        } catch (EventDeliveryException | LeaseLostException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) { // LinkageError: the engine's native library failed to load
            LOG.errorf(e, "job %s crashed", request.jobId());
            return announcements.failed(request, "training crashed: " + e);
        }
    }

    private static void requireValid(TrainingRequested request) throws TrainingFailure {
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

    /** The parameters with the image and batch size resolved, as the report and metrics show them. */
    private static TrainingParameters resolved(TrainingParameters p, int imageSize, int batchSize) {
        return p.toBuilder().setImageSize(imageSize).setBatchSize(batchSize).build();
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
