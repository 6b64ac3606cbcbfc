package io.sightline.testing.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's {@linkplain KafkaBroker#shared() shared} real broker:
 * annotate the test with {@code @WithTestResource(KafkaBrokerResource.class)} (or
 * {@code @QuarkusTestResource}). Every test class that does so talks to the same broker, so use
 * topic or group names that do not collide between classes.
 *
 * <p>Quarkus Kafka Dev Services need Docker; the service turns them off for tests with
 * {@code %test.quarkus.kafka.devservices.enabled=false}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // Nothing: later test classes reuse the broker; a JVM shutdown hook stops it.
    }
}
