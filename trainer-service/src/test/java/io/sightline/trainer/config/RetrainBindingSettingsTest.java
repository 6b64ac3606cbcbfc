package io.sightline.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.sightline.events.DatasetSplit;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.RetrainRule;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.registry.PublishedModels;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retrain bindings as the properties file states them, read through the service's real config mapping. */
class RetrainBindingSettingsTest {

    @TempDir
    Path storeDir;

    @Test
    void aBindingWithLearningRateAutoQueuesARangeTestJob() throws Exception {
        List<RetrainRule> rules = TrainerBeans.retrainRules(settings(Map.of(
                "sightline.trainer.retrain.shapes.model", "shapes-auto",
                "sightline.trainer.retrain.shapes.learning-rate", "Auto",
                "sightline.trainer.retrain.shapes.epochs", "2",
                "sightline.trainer.retrain.other.model", "other-fixed",
                "sightline.trainer.retrain.other.learning-rate", "0.01")).retrain());

        RetrainRule auto = rules.stream().filter(r -> r.dataset().equals("shapes")).findFirst().orElseThrow();
        assertThat(auto.parameters().learningRateAuto()).isTrue();
        assertThat(auto.parameters().learningRate()).isZero();
        RetrainRule fixed = rules.stream().filter(r -> r.dataset().equals("other")).findFirst().orElseThrow();
        assertThat(fixed.parameters().learningRateAuto()).isNull();
        assertThat(fixed.parameters().learningRate()).isEqualTo(0.01);

        // the service accepts the rule at start and a split queues the job with the range test asked for
        ArtifactStore store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(11, 0, 1), 2);
        RecordingEvents events = new RecordingEvents();
        TrainingJobs jobs = new TrainingJobs(new PublishedDatasets(store), new PublishedModels(store), new JobBoard(),
                events, rules, Clock.systemUTC(), Duration.ofSeconds(5));
        assertThat(jobs.retrain(new DatasetSplit("evt-1", "shapes", "1", "digest", StoreKeys.manifest("shapes", "1"),
                TestDatasets.CLASSES, Map.of(), 0.2, 0.1, 1, Instant.now()))).isPresent();
        assertThat(events.of(TrainingRequested.class)).singleElement().satisfies(sent -> {
            assertThat(sent.parameters().learningRateAuto()).isTrue();
            assertThat(sent.parameters().findsLearningRate()).isTrue();
        });
    }

    @Test
    void aLearningRateThatIsNeitherANumberNorAutoStopsTheServiceNamingTheBinding() {
        TrainerConfig config = settings(Map.of("sightline.trainer.retrain.shapes.model", "m",
                "sightline.trainer.retrain.shapes.learning-rate", "fast"));

        assertThatThrownBy(() -> TrainerBeans.retrainRules(config.retrain()))
                .hasMessage("retrain binding for dataset shapes: learning-rate must be a number or auto, got: fast");
    }

    @Test
    void theDefaultRateStaysANumber() {
        RetrainRule rule = TrainerBeans.retrainRules(settings(Map.of("sightline.trainer.retrain.shapes.model", "m"))
                .retrain()).get(0);

        assertThat(rule.parameters().learningRate()).isEqualTo(0.001);
        assertThat(rule.parameters().learningRateAuto()).isNull();
    }

    private static TrainerConfig settings(Map<String, String> properties) {
        // the converters Quarkus registers for durations and sizes ("30s", "4G")
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(TrainerConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(TrainerConfig.class);
    }
}
