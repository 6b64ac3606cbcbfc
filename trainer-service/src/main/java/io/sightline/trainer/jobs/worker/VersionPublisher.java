package io.sightline.trainer.jobs.worker;

import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.lease.HeldLease;
import io.sightline.trainer.registry.ChampionComparison;
import io.sightline.trainer.registry.ChampionReevaluation;
import io.sightline.trainer.registry.ImageCounts;
import io.sightline.trainer.registry.Lineage;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.registry.PublishedVersion;
import io.sightline.trainer.registry.StageTimings;
import io.sightline.trainer.registry.TrainingDetails;
import io.sightline.trainer.report.ArchitectureRationale;
import io.sightline.trainer.report.CurvesSvg;
import io.sightline.trainer.report.Environment;
import io.sightline.trainer.report.TrainingReport;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.trainer.training.ValidationSlice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes a trained job as the model's next version: the artefact, {@code metrics.json} (with the champion
 * re-measured on the same test split), {@code curves.svg} and {@code report.html}, all appearing at once.
 */
final class VersionPublisher {

    /** Threads for {@link #measureChampionEarly}: created on demand, gone after a minute idle. */
    private static final Executor EARLY = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "sightline-champion");
        thread.setDaemon(true);
        return thread;
    });

    private final PublishedModels models;
    private final ChampionReevaluation champions;
    private final Clock clock;
    private final long cacheBudgetBytes;
    private final String quarkusVersion;

    /**
     * @param cacheBudgetBytes the memory budget of preprocessed images, as the report states it
     * @param quarkusVersion   for the report's environment (null outside the service)
     */
    VersionPublisher(PublishedModels models, ChampionReevaluation champions, Clock clock, long cacheBudgetBytes,
                     String quarkusVersion) {
        this.models = models;
        this.champions = champions;
        this.clock = clock;
        this.cacheBudgetBytes = cacheBudgetBytes;
        this.quarkusVersion = quarkusVersion;
    }

    /**
     * Publishes the job's version, unless the job's lease was lost meanwhile.
     *
     * @return the version's metrics, as written
     * @throws io.sightline.trainer.jobs.lease.LeaseLostException when another worker took the job over
     */
    ModelMetrics publish(TrainedJob job, HeldLease lease) throws IOException {
        return publish(job, lease, null);
    }

    /**
     * Starts measuring the model's champion on the job's test split on a thread of its own, so that it runs while
     * the job trains instead of after it (it loads the champion and decodes the split: a few hundred ms that would
     * otherwise lie between the last epoch and the new version).
     */
    CompletableFuture<ChampionComparison> measureChampionEarly(String model, TrainingImages images) {
        return CompletableFuture.supplyAsync(() -> champions.onTestSplitOf(model, images), EARLY);
    }

    /**
     * {@link #publish(TrainedJob, HeldLease)} with the champion measured early when it is still the champion;
     * measured now when there was none, it failed, or another version was promoted meanwhile.
     */
    ModelMetrics publish(TrainedJob job, HeldLease lease, CompletableFuture<ChampionComparison> early)
            throws IOException {
        long championStart = System.nanoTime();
        ChampionComparison champion = champion(job, early);
        long championMs = (System.nanoTime() - championStart) / 1_000_000;
        lease.confirm(); // a worker that lost the lease never publishes: its successor will
        AtomicReference<ModelMetrics> written = new AtomicReference<>();
        TrainedModel trained = job.trained();
        PublishedVersion published = models.publish(job.request().model(), job.request().jobId(), (dir, version) -> {
            long writeStart = System.nanoTime();
            trained.writeArtifact(dir);
            long writeMs = (System.nanoTime() - writeStart) / 1_000_000;
            ModelMetrics metrics = metrics(job, version, writeMs, championMs, champion);
            PublishedModels.writeMetrics(dir, metrics);
            String curves = CurvesSvg.render("model " + metrics.model() + " version " + version,
                    metrics.history(), metrics.heldOutSplit(), trained.bestEpoch(), metrics.details().findings());
            Files.writeString(dir.resolve(StoreKeys.CURVES), curves, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(StoreKeys.REPORT), TrainingReport.render(metrics, curves),
                    StandardCharsets.UTF_8);
            written.set(metrics);
        });
        return written.get();
    }

    /** The early measurement when it is of today's champion, else a measurement now; null without a champion. */
    private ChampionComparison champion(TrainedJob job, CompletableFuture<ChampionComparison> early) {
        String model = job.request().model();
        ChampionComparison measured = early == null ? null : early.exceptionally(e -> null).join();
        String now = champions.championVersion(model).orElse(null);
        if (now == null) {
            return null;
        }
        return measured != null && now.equals(measured.version()) ? measured
                : champions.onTestSplitOf(model, job.images());
    }

    private ModelMetrics metrics(TrainedJob job, String version, long artifactWriteMs, long championMs,
                                 ChampionComparison champion) {
        TrainedModel trained = job.trained();
        TrainingImages images = job.images();
        DatasetManifest manifest = job.manifest();
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
                ArchitectureRationale.withChoice(job.request().architectureNote(),
                        ArchitectureRationale.explain(trained.architecture(), images.train().count(),
                                images.signature().classes().size(), total, frozen)),
                total, frozen, trained.bestEpoch(), trained.stoppedEarly(), trained.resumedFromEpoch(), images.cached(),
                images.tensorBytes(), cacheBudgetBytes, trained.warnings(),
                Environment.current(quarkusVersion, trained.device()), trained.validation(), trained.budget(),
                trained.learningRateSweep(), RunDiagnosis.findings(job.parameters(), trained,
                        images.signature().classes().size()));
        int held = ValidationSlice.SLICE.equals(trained.validation().source()) ? trained.validation().images() : 0;
        return new ModelMetrics(job.request().model(), version, trained.architecture().name(),
                RunDiagnosis.resolvedRates(job.parameters(), trained.learningRateSweep()),
                new Lineage(job.request().jobId(), job.request().trigger(), manifest.dataset(), manifest.version(),
                        manifest.digest(), job.baseModel(), job.baseModelSha256()),
                new ImageCounts(images.train().count() - held, images.validation().count() + held,
                        images.test().count()),
                trained.test(), trained.heldOutSplit(), trained.history(),
                new StageTimings(images.preprocessingMs(), trained.trainingMs(), trained.evaluationMs(),
                        (System.nanoTime() - job.started().nanos()) / 1_000_000, artifactWriteMs, championMs,
                        trained.learningRateSweep() == null ? 0 : trained.learningRateSweep().durationMs()),
                trained.imagesPerSecond(), job.started().at(), clock.instant(), details, champion);
    }
}
