package io.sightline.trainer.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.TestDatasets;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Swaps every Kafka channel for an in-memory one and gives the app a fresh store holding a small dataset
 * "shapes" (version 1) with a retrain binding to model "shapes-auto".
 */
public class InMemoryKafka implements QuarkusTestResourceLifecycleManager {

    private Path storeDir;

    @Override
    public Map<String, String> start() {
        try {
            storeDir = Files.createTempDirectory("trainer-test-store");
            TestDatasets.publish(new FileArtifactStore(storeDir), "shapes", "1", new TestDatasets.Split(8, 2, 3), 5);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("datasets", "training-requests",
                "job-requests-feed", "job-events-feed", "job-promotions-feed"));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("training-requests-out", "training-events",
                "models"));
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
