package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training request's labels (decision 108) reach the version's metrics and its promotion, automatic or by hand;
 * a version trained without labels is promoted without them.
 */
class LabelledPromotionTest {

    @TempDir
    Path storeDir;

    @Test
    void labelsFlowFromTheRequestIntoTheMetricsAndEveryPromotion() throws Exception {
        ArtifactStore store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(8, 2, 4), 1);
        RecordingEvents events = new RecordingEvents();
        PublishedModels registry = new PublishedModels(store);
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                .setModels(registry).setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("test-worker").setSendTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> labels = Map.of("team", "vision-a", "tier", "gold");

        assertThat(worker.run(request(cnn().optLabels(labels).build()))).isEqualTo(JobOutcome.COMPLETED);
        assertThat(events.of(ModelPromoted.class).get(0).labels()).isEqualTo(labels);
        assertThat(registry.metrics("labelled", "1").orElseThrow().parameters().labels()).isEqualTo(labels);

        assertThat(worker.run(request(cnn().build()))).isEqualTo(JobOutcome.COMPLETED);
        assertThat(registry.metrics("labelled", "2").orElseThrow().parameters().labels()).isNull();
        // by hand, back to the labelled version: its labels come with it
        assertThat(promoter.promote("labelled", "1").labels()).isEqualTo(labels);
        assertThat(promoter.promote("labelled", "2").labels()).isNull();
    }

    private static TrainingRequested request(TrainingParameters parameters) {
        return new TrainingRequested(UUID.randomUUID().toString(), "labelled", "shapes", "1", parameters, "api",
                Instant.now());
    }

    private static TrainingParameters.Builder cnn() {
        return TrainingParameters.builder().setArchitecture("cnn").setEpochs(1).setBatchSize(8)
                .setLearningRate(0.002).setImageSize(16).setSeed(42);
    }
}
