package io.sightline.dataset.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.rest.TempStoreResource;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.testing.kafka.KafkaBrokerResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A delete on the real broker: {@code dataset.deleted} on {@code sightline.datasets}, keyed by the dataset. */
@QuarkusTest
@TestProfile(DatasetDeletedOverKafkaTest.OnTheBroker.class)
@WithTestResource(TempStoreResource.class)
@WithTestResource(KafkaBrokerResource.class)
@Tag("kafka") // a real broker
@Tag("process") // the broker runs as its own process
class DatasetDeletedOverKafkaTest {

    public static class OnTheBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String connector = "mp.messaging.outgoing." + KafkaDatasetEvents.CHANNEL + ".connector";
            return Map.of(connector, "smallrye-kafka", "%test." + connector, "smallrye-kafka");
        }
    }

    @Test
    void aDeleteIsAnnouncedOnTheDatasetsTopicAndTheVersionAnswers404() throws Exception {
        String dataset = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        Path src = Files.createTempDirectory("sightline-kafka-delete");
        TestImages.images(src, "a", "a", 3);
        TestImages.images(src, "b", "b", 3);
        String version = given().contentType(ContentType.JSON)
                .body(Map.of("name", dataset, "source", "file:" + src, "testRatio", 0.25))
                .post("/datasets").then().statusCode(202).extract().path("version");
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/datasets/" + dataset + "/versions/" + version)
                .jsonPath().getString("status").equals("READY"));

        given().delete("/datasets/" + dataset + "/versions/" + version).then().statusCode(200);
        given().get("/datasets/" + dataset + "/versions/" + version).then().statusCode(404);

        List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.DATASETS));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (dataset.equals(r.key())) {
                        seen.add(r);
                    }
                });
                return seen.stream().anyMatch(r -> EventTypes.DATASET_DELETED.equals(header(r, "ce_type")));
            });
        }
        ConsumerRecord<String, String> deleted = seen.stream()
                .filter(r -> EventTypes.DATASET_DELETED.equals(header(r, "ce_type"))).findFirst().orElseThrow();
        assertThat(header(deleted, "ce_subject")).isEqualTo(dataset + "/" + version);
        assertThat(deleted.value()).contains("\"dataset\":\"" + dataset + "\"")
                .contains("\"version\":\"" + version + "\"").contains("\"tombstone\":false")
                .contains("\"by\":\"anonymous\"");
        assertThat(seen).as("the split came first, on the same key").first()
                .satisfies(r -> assertThat(header(r, "ce_type")).isEqualTo(EventTypes.DATASET_SPLIT));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dataset-deleted-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
