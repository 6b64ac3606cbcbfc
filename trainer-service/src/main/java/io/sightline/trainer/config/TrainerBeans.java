package io.sightline.trainer.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.events.TrainingParameters;
import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.jobs.DatasetCatalog;
import io.sightline.trainer.console.DatasetOverviews;
import io.sightline.trainer.jobs.JobBoard;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.RetrainRule;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.TrainingJobs;
import io.sightline.trainer.jobs.TrainingWorker;
import io.sightline.trainer.jobs.Backbones;
import io.sightline.trainer.registry.ChampionGate;
import io.sightline.trainer.report.Environment;
import io.sightline.trainer.registry.ModelRegistry;
import io.sightline.trainer.tracing.OtelCallerContext;
import io.sightline.trainer.training.ImageClassifierTrainer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Builds the domain objects from configuration. They know nothing of CDI. */
public class TrainerBeans {

    private static final Logger LOG = Logger.getLogger(TrainerBeans.class);

    static final String DJL_THREADS = "ai.djl.pytorch.num_threads";
    static final String DJL_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    @Produces
    @Singleton
    ArtifactStore store(StoreConfig config) throws IOException {
        ArtifactStore store = ArtifactStore.connect(config.uri());
        LOG.infof("artefact store: %s", store.uri());
        return store;
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ModelRegistry registry(ArtifactStore store) {
        return new ModelRegistry(store);
    }

    @Produces
    @Singleton
    DatasetCatalog datasets(ArtifactStore store) {
        return new DatasetCatalog(store);
    }

    @Produces
    @Singleton
    DatasetOverviews datasetOverviews(DatasetCatalog catalog) {
        return new DatasetOverviews(catalog);
    }

    @Produces
    @Singleton
    JobBoard board() {
        return new JobBoard();
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
    Promoter promoter(ModelRegistry registry, TrainingEvents events, Clock clock, TrainerConfig config) {
        return new Promoter(registry, new ChampionGate(config.promotion().minAccuracy(),
                config.promotion().tolerance()), events, clock, config.sendTimeout());
    }

    @Produces
    @Singleton
    TrainingJobs jobs(ArtifactStore store, DatasetCatalog datasets, ModelRegistry registry, JobBoard board, TrainingEvents events,
                      Clock clock, TrainerConfig config) {
        return new TrainingJobs(datasets, registry, board, events, retrainRules(config.retrain()), clock,
                config.sendTimeout(), new Backbones(store, registry), config.retrainDebounce(),
                new OtelCallerContext()); // a debounced retrain continues the split's trace
    }

    @Produces
    @Singleton
    TrainingWorker worker(ArtifactStore store, DatasetCatalog datasets, ModelRegistry registry, Promoter promoter,
                          JobBoard board, TrainingEvents events, ImageClassifierTrainer trainer,
                          MeterRegistry meters, Clock clock, TrainerConfig config) {
        return new TrainingWorker(store, datasets, registry, promoter, board, events, trainer, meters, clock,
                config.workerName().orElseGet(TrainerBeans::hostName), config.sendTimeout(),
                new TrainingWorker.Options(config.cacheBudget().asLongValue(),
                        Environment.libraryVersion("io.quarkus", "quarkus-core"), config.leaseTtl()));
    }

    static List<RetrainRule> retrainRules(Map<String, TrainerConfig.RetrainBinding> bindings) {
        return bindings.entrySet().stream()
                .map(e -> {
                    TrainerConfig.RetrainBinding b = e.getValue();
                    return new RetrainRule(e.getKey(), b.model(), new TrainingParameters(b.architecture(),
                            b.baseModel().orElse(null), b.epochs(), b.batchSize(), b.learningRate(),
                            b.fineTuneLearningRate().orElse(null), b.imageSize(), b.seed(), b.schedule().orElse(null),
                            b.warmupEpochs().orElse(null), null, b.plateauPatience().orElse(null),
                            b.earlyStoppingPatience().orElse(null), b.augmentation().orElse(null),
                            b.fineTuneEpochs().orElse(null)));
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
