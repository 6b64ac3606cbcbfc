package io.sightline.trainer.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sightline.events.TrainingParameters;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.training.EpochMetrics;
import io.sightline.trainer.TestDatasets;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Swaps every Kafka channel for an in-memory one and gives the app a fresh store holding a small dataset
 * "shapes" (version 1) with a retrain binding to model "shapes-auto", and the summary of one old finished job.
 */
public class InMemoryKafka implements QuarkusTestResourceLifecycleManager {

    /** A finished job whose summary is in the store and on no topic. */
    static final TrainingJob OLD_JOB = new TrainingJob("old-job-1", "old-model", "shapes", "1",
            TrainingParameters.builder().setArchitecture("cnn").setEpochs(2).setBatchSize(8).setLearningRate(0.001)
                    .setImageSize(16).setSeed(42).build(), "api", JobStatus.COMPLETED, "trainer-0",
            Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:06Z"),
            Instant.parse("2026-01-02T03:05:06Z"),
            List.of(new EpochMetrics(1, 2, 0.9, 0.5, 0.8, 0.6, 0.001, 50, 100.0, "train"),
                    new EpochMetrics(2, 2, 0.5, 0.8, 0.4, 0.85, 0.001, 50, 100.0, "train")),
            "1", 0.85, 0.4, true, "first version", null);

    private Path storeDir;

    @Override
    public Map<String, String> start() {
        try {
            storeDir = Files.createTempDirectory("trainer-test-store");
            FileArtifactStore store = new FileArtifactStore(storeDir);
            TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(8, 2, 3), 5);
            // a job of an earlier life of the service, long past the topics' retention: only its summary is left
            store.write("jobs/summaries/" + OLD_JOB.jobId() + ".json", StoreJson.write(OLD_JOB));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("datasets", "training-requests",
                "job-requests-feed", "job-events-feed", "job-promotions-feed", "binding-changes", "traffic-observations"));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("training-requests-out", "training-events",
                "models", "binding-events"));
        config.put("sightline.store.uri", storeDir.toUri().toString());
        config.put("sightline.trainer.retrain.shapes.model", "shapes-auto");
        config.put("sightline.trainer.retrain.shapes.epochs", "1");
        config.put("sightline.trainer.retrain.shapes.image-size", "16");
        config.put("sightline.trainer.retrain.shapes.batch-size", "8");
        config.put("sightline.trainer.send-timeout", "5s");
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
