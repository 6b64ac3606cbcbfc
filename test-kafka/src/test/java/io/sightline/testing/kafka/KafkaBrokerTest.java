package io.sightline.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * One broker through its whole life. The steps share it and run in order because each broker start
 * costs seconds; a failed step leaves the later ones to fail too.
 */
@Tag("kafka")
@Tag("process")
@TestMethodOrder(OrderAnnotation.class)
class KafkaBrokerTest {

    private static final String TOPIC = "images-" + UUID.randomUUID();

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void createsATopicAndRoundTripsARecord() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains(TOPIC);
        }

        produce(TOPIC, "image-1", "cat");

        assertThat(consumeOne(TOPIC)).satisfies(record -> {
            assertThat(record.key()).isEqualTo("image-1");
            assertThat(record.value()).isEqualTo("cat");
        });
    }

    @Test
    @Order(2)
    void statusSaysRunningAndStartIsIdempotent() {
        assertThat(broker.runScript("status").exitCode()).isZero();

        KafkaBroker.ScriptRun secondStart = broker.runScript("start");

        assertThat(secondStart.exitCode()).isZero();
        assertThat(secondStart.output()).contains("already running");
        assertThat(broker.stateDir().resolve("logs/server.log")).content().contains("Kafka Server started");
    }

    @Test
    @Order(3)
    void recordsSurviveARestart() {
        String before = broker.bootstrapServers();

        broker.restart();

        assertThat(broker.bootstrapServers()).isEqualTo(before);
        assertThat(consumeOne(TOPIC).value()).isEqualTo("cat");
    }

    @Test
    @Order(4)
    void stopClosesThePortAndDeletesTheState() {
        int port = Integer.parseInt(broker.bootstrapServers().substring("localhost:".length()));
        Path stateDir = broker.stateDir();

        broker.stop();

        assertThat(broker.runScript("status").exitCode()).isEqualTo(3);
        assertThat(broker.runScript("stop").exitCode()).isZero();
        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        assertThat(Files.exists(stateDir)).isFalse();
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class);
    }

    private static void produce(String topic, String key, String value) throws ExecutionException, InterruptedException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** The first record of the topic, read by a new consumer group (so it starts from the beginning). */
    private static ConsumerRecord<String, String> consumeOne(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record on " + topic + " within 30 s");
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }
}
