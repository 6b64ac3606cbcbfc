package io.sightline.trainer.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin client that creates topics logs in like the channels: it gets their security settings, and only those. */
class KafkaTopicsSecurityTest {

    @Test
    void theAdminClientTakesTheChannelsSecuritySettingsOnly() {
        KafkaTopics topics = new KafkaTopics(null, "broker:9093", Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/ca.p12",
                "group.id", "not-for-an-admin"));

        assertThat(topics.security()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
    }
}
