package io.sightline.trainer.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.events.TrainingParameters;
import io.sightline.kit.tracing.Spans;
import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.console.DatasetOverviews;
import io.sightline.trainer.console.DatasetServiceClient;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.cancel.CancelRequests;
import io.sightline.trainer.jobs.history.JobSummaries;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.queue.RetrainRule;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.queue.ArchitectureChoice;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.jobs.attempts.CrashHook;
import io.sightline.trainer.jobs.queue.TrainingMemory;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.jobs.backbone.AddressRange;
import io.sightline.trainer.jobs.backbone.BackbonePolicy;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.registry.ChampionGate;
import io.sightline.trainer.report.Environment;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Builds the domain objects from configuration. They know nothing of CDI. The artefact store comes from the
 * service kit's producer.
 */
public class TrainerBeans {

    private static final Logger LOG = Logger.getLogger(TrainerBeans.class);

    static final String DJL_THREADS = "ai.djl.pytorch.num_threads";
    static final String DJL_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    PublishedModels registry(ArtifactStore store) {
        return new PublishedModels(store);
    }

    @Produces
    @Singleton
    PublishedDatasets datasets(ArtifactStore store) {
        return new PublishedDatasets(store);
    }

    @Produces
    @Singleton
    DatasetOverviews datasetOverviews(PublishedDatasets catalog) {
        return new DatasetOverviews(catalog);
    }

    @Produces
    @Singleton
    DatasetServiceClient datasetService(ConsoleConfig config) {
        return DatasetServiceClient.to(config.datasetServiceUrl());
    }

    @Produces
    @Singleton
    JobBoard board(JobSummaries summaries) {
        JobBoard board = new JobBoard();
        board.setArchive(summaries); // set before the topics are read: a replay of an archived job is dropped
        return board;
    }

    @Produces
    @Singleton
    ImageClassifierTrainer trainer(TrainerConfig config) {
        // PyTorch reads its thread counts once, when the engine starts: set them before anything trains
        applyThreads(DJL_THREADS, config.threads().orElse(null));
        applyThreads(DJL_INTEROP_THREADS, config.interopThreads().orElse(null));
        return new ImageClassifierTrainer(config.maxGpus());
    }

    @Produces
    @Singleton
    Promoter promoter(PublishedModels registry, TrainingEvents events, Clock clock, TrainerConfig config) {
        return new Promoter(registry, new ChampionGate(config.promotion().minAccuracy(),
                config.promotion().tolerance()), events, clock, config.sendTimeout());
    }

    @Produces
    @Singleton
    BackbonePolicy backbonePolicy(TrainerConfig config) {
        TrainerConfig.UrlBackbones url = config.backbones().url();
        TrainerConfig.FileBackbones file = config.backbones().file();
        List<AddressRange> networks = new ArrayList<>();
        for (String cidr : url.privateNetworks().orElse(List.of())) {
            try {
                networks.add(AddressRange.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(BackbonePolicy.URL_PRIVATE_NETWORKS + ": " + e.getMessage(), e);
            }
        }
        BackbonePolicy policy = new BackbonePolicy(url.enabled(), Set.copyOf(url.hosts().orElse(List.of())),
                url.allowHttp(), BackbonePolicy.parsePins(url.pins().orElse(List.of())), networks, file.enabled(),
                file.folders().orElse(List.of()).stream().map(Path::of).toList());
        if (policy.urlsEnabled()) {
            LOG.infof("TorchScript URL backbones: from %s%s, pinned by sha256", policy.hosts(),
                    policy.httpAllowed() ? " (http too)" : "");
        }
        if (policy.filesEnabled()) {
            LOG.infof("TorchScript file backbones: from %s", policy.folders());
        }
        return policy;
    }

    @Produces
    @Singleton
    TrainingJobs jobs(ArtifactStore store, PublishedDatasets datasets, PublishedModels registry, JobBoard board,
                      TrainingEvents events, Clock clock, TrainerConfig config, BackbonePolicy backbones) {
        return TrainingJobs.builder().setDatasets(datasets).setModels(registry).setBoard(board).setEvents(events)
                .setRetrainRules(retrainRules(config.retrain())).setClock(clock).setSendTimeout(config.sendTimeout())
                .optBackbones(new Backbones(store, registry, backbones))
                .optArchitectureChoice(new ArchitectureChoice(config.smallData().transferBelow(),
                        config.smallData().base().map(String::strip).filter(b -> !b.isEmpty()).orElse(null)))
                .optMemory(config.memoryBudget().map(m -> TrainingMemory.within(m.asLongValue()))
                        .orElseGet(TrainingMemory::ofThisMachine)).optDebounce(config.retrainDebounce())
                .optCallerContext(Spans::carry) // a debounced retrain continues the split's trace
                .build();
    }

    @Produces
    @Singleton
    TrainingWorker worker(ArtifactStore store, PublishedDatasets datasets, PublishedModels models, Promoter promoter,
                          JobBoard board, TrainingEvents events, ImageClassifierTrainer trainer,
                          MeterRegistry meters, Clock clock, TrainerConfig config, BackbonePolicy backbones,
                          CancelRequests cancels) {
        return TrainingWorker.builder().setStore(store).setDatasets(datasets).setModels(models).setPromoter(promoter)
                .setBoard(board).setEvents(events).setTrainer(trainer).setMeters(meters).setClock(clock)
                .setWorkerName(config.workerName().orElseGet(TrainerBeans::hostName))
                .setSendTimeout(config.sendTimeout())
                .optCacheBudgetBytes(config.cacheBudget().asLongValue())
                .optQuarkusVersion(Environment.libraryVersion("io.quarkus", "quarkus-core"))
                .optLeaseTtl(config.leaseTtl())
                .optBackbonePolicy(backbones)
                .optCancelRequests(cancels)
                .optMaxAttempts(config.maxAttempts())
                .optCrashHook(config.testHooks() ? CrashHook.haltingRunsOf(config.testHooksHaltModel())
                        : CrashHook.off())
                .build();
    }

    static List<RetrainRule> retrainRules(Map<String, TrainerConfig.RetrainBinding> bindings) {
        return bindings.entrySet().stream()
                .map(e -> {
                    TrainerConfig.RetrainBinding b = e.getValue();
                    return new RetrainRule(e.getKey(), b.model(), TrainingParameters.builder()
                            .setArchitecture(b.architecture()).optBaseModel(b.baseModel().orElse(null))
                            .setEpochs(b.epochs()).setBatchSize(b.batchSize())
                            .setLearningRate(ConfiguredLearningRate.value(e.getKey(), b.learningRate()))
                            .optLearningRateAuto(ConfiguredLearningRate.auto(b.learningRate()))
                            .optFineTuneLearningRate(b.fineTuneLearningRate().orElse(null))
                            .setImageSize(b.imageSize()).setSeed(b.seed()).optSchedule(b.schedule().orElse(null))
                            .optWarmupEpochs(b.warmupEpochs().orElse(null))
                            .optPlateauPatience(b.plateauPatience().orElse(null))
                            .optEarlyStoppingPatience(b.earlyStoppingPatience().orElse(null))
                            .optAugmentation(b.augmentation().orElse(null))
                            .optFineTuneEpochs(b.fineTuneEpochs().orElse(null))
                            .build());
                })
                .toList();
    }

    private static void applyThreads(String property, Integer threads) {
        if (threads == null) {
            return;
        }
        String previous = System.getProperty(property);
        if (previous != null && !previous.equals(threads.toString())) {
            LOG.warnf("%s is already %s; keeping it instead of %d", property, previous, threads);
            return;
        }
        System.setProperty(property, threads.toString());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "trainer";
        }
    }
}
