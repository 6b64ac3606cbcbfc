package io.sightline.trainer.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sightline.storage.FileArtifactStore;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.trainer.TestDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The app on the JVM's shared real broker, creating its topics, with a fresh store holding dataset "shapes"
 * (version 1, 3 classes × 30 training images) bound to model "shapes-auto" with a 3 s retrain debounce, and
 * two jobs at once.
 */
public class RealKafka implements QuarkusTestResourceLifecycleManager {

    static final String DATASET = "shapes";
    static final String RETRAIN_MODEL = "shapes-auto";

    @Override
    public Map<String, String> start() {
        Path storeDir;
        try {
            storeDir = Files.createTempDirectory("trainer-kafka-test-store");
            TestDatasets.publish(new FileArtifactStore(storeDir), DATASET, "1", new TestDatasets.Split(30, 0, 6), 9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        config.put("sightline.trainer.topics.create", "true");
        config.put("sightline.trainer.concurrent-jobs", "2");
        config.put("sightline.store.uri", storeDir.toUri().toString());
        config.put("sightline.trainer.retrain." + DATASET + ".model", RETRAIN_MODEL);
        config.put("sightline.trainer.retrain." + DATASET + ".epochs", "1");
        config.put("sightline.trainer.retrain." + DATASET + ".image-size", "16");
        config.put("sightline.trainer.retrain-debounce", "3s");
        return config;
    }

    @Override
    public void stop() {
        // the store is a temp folder; the broker is stopped by its JVM shutdown hook
    }
}
