package io.sightline.inference.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sightline.inference.messaging.ModelPromotionConsumer;
import io.sightline.inference.routing.TrafficConsumer;
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
 * The registry and traffic channels on the in-memory connector, a fresh store folder, a bearer token (prediction needs
 * it, the default), and small limits so that the limit tests send kilobytes, not megabytes.
 */
public class InMemoryRegistryResource implements QuarkusTestResourceLifecycleManager {

    /** Room for the deep PNG (under 1 MB), which must reach the decode budget. */
    static final long MAX_REQUEST_BYTES = 1_000_000;
    static final long MAX_PIXELS = 1_000_000;
    /** What one decode may take here, whatever the test JVM's heap: the deep PNG needs 800 MB. */
    static final long DECODE_BUDGET_BYTES = 256L << 20;
    static final String TOKEN = "test-token";

    private Path store;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(
                InMemoryConnector.switchIncomingChannelsToInMemory(ModelPromotionConsumer.CHANNEL,
                        TrafficConsumer.CHANNEL));
        try {
            store = Files.createTempDirectory("sightline-inference-test");
            config.put("sightline.store.uri", store.toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("sightline.inference.max-request-bytes", Long.toString(MAX_REQUEST_BYTES));
        config.put("sightline.inference.max-pixels", Long.toString(MAX_PIXELS));
        config.put("sightline.inference.decode-heap-share",
                Double.toString((double) DECODE_BUDGET_BYTES / Runtime.getRuntime().maxMemory()));
        config.put("sightline.inference.retry-after-seconds", "7");
        // what Vert.x would buffer: far above our own limit, far below the bodies the streaming test sends
        config.put("quarkus.http.limits.max-body-size", "4M");
        config.put("sightline.auth.token", TOKEN);
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
        if (store != null) {
            try (Stream<Path> files = Files.walk(store)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
