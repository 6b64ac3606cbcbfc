package io.sightline.trainer.config;

import io.sightline.trainer.deadletter.DeadLetterClients;
import io.sightline.trainer.deadletter.DeadLetterRoutes;
import io.sightline.trainer.deadletter.DeadLetters;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** Builds the dead-letter API's parts (decision 097) from the channels' configuration and the Kafka settings. */
public class DeadLetterBeans {

    /** One broker call of the admin API; a request makes a few. */
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    @Produces
    @Singleton
    DeadLetters deadLetters(Config config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return new DeadLetters(DeadLetterRoutes.of(config), new DeadLetterClients(kafka, KAFKA_TIMEOUT));
    }
}
