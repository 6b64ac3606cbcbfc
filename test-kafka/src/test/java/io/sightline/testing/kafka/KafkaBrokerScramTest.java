package io.sightline.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real broker in SCRAM mode ({@code bin/kafka start --scram}): clients configured the way the services are
 * ({@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config}) get in with
 * the right password; a wrong password or no SASL at all gets nothing in and nothing out.
 */
@Tag("kafka")
@Tag("process")
@TestMethodOrder(OrderAnnotation.class)
class KafkaBrokerScramTest {

    private static final String TOPIC = "sightline.datasets-" + UUID.randomUUID();
    private static final String DATASET_PASSWORD = "dataset-" + UUID.randomUUID();
    private static final String TRAINER_PASSWORD = "trainer-" + UUID.randomUUID();
    // short, so a refused client fails the test in seconds rather than after the default minute
    private static final int REFUSED_WAIT_MS = 5_000;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startWithScram(Map.of("dataset", DATASET_PASSWORD, "trainer", TRAINER_PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void theClientPortTakesScramLoginsOnly() {
        assertThat(broker.usesScram()).isTrue();
        assertThat(broker.stateDir().resolve("server.properties")).content()
                .contains("listeners=SASL_PLAINTEXT://127.0.0.1:", "sasl.enabled.mechanisms=SCRAM-SHA-512")
                .as("no plain client listener, and the users' passwords are not written down")
                .doesNotContain("=PLAINTEXT://", DATASET_PASSWORD);
    }

    @Test
    @Order(2)
    void usersWithTheirPasswordsProduceAndConsume() throws Exception {
        try (Admin admin = Admin.create(broker.scramClientConfig("dataset", DATASET_PASSWORD))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer(broker.scramClientConfig("dataset", DATASET_PASSWORD))) {
            producer.send(new ProducerRecord<>(TOPIC, "fashion", "v1")).get();
        }

        assertThat(consumeAll(broker.scramClientConfig("trainer", TRAINER_PASSWORD)))
                .extracting(ConsumerRecord::value).containsExactly("v1");
    }

    @Test
    @Order(3)
    void aWrongPasswordIsRefusedOnProduceAndOnConsume() {
        Map<String, Object> wrong = broker.scramClientConfig("dataset", "not-" + DATASET_PASSWORD);
        try (KafkaProducer<String, String> producer = producer(wrong)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "fashion", "forged")).get())
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SaslAuthenticationException.class));
        }
        try (KafkaConsumer<String, String> consumer = consumer(broker.scramClientConfig("nobody", TRAINER_PASSWORD))) {
            consumer.subscribe(Set.of(TOPIC));
            assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(REFUSED_WAIT_MS)))
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SaslAuthenticationException.class));
        }
    }

    @Test
    @Order(4)
    void aClientWithoutSaslGetsNoMetadataAndWritesNothing() {
        Map<String, Object> plain = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
        try (KafkaProducer<String, String> producer = producer(plain)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "fashion", "forged")).get())
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(TimeoutException.class));
        }

        assertThat(consumeAll(broker.scramClientConfig("trainer", TRAINER_PASSWORD)))
                .extracting(ConsumerRecord::value).as("only the authenticated record").containsExactly("v1");
    }

    @Test
    @Order(5)
    void theUsersSurviveARestart() {
        broker.restart();

        assertThat(consumeAll(broker.scramClientConfig("dataset", DATASET_PASSWORD)))
                .extracting(ConsumerRecord::value).containsExactly("v1");
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.put("acks", "all");
        config.put("max.block.ms", REFUSED_WAIT_MS);
        config.put("delivery.timeout.ms", REFUSED_WAIT_MS + 1_000);
        config.put("request.timeout.ms", REFUSED_WAIT_MS);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.put("group.id", "test-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Every record of the topic, read by a new consumer group until a quiet second after the first one. */
    private static List<ConsumerRecord<String, String>> consumeAll(Map<String, Object> login) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(login)) {
            consumer.subscribe(Set.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(1_000));
                batch.forEach(records::add);
                if (batch.isEmpty() && !records.isEmpty()) {
                    return records;
                }
            }
        }
        return records;
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
