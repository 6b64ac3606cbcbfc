package io.sightline.trainer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.events.ModelPromoted;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.Topics;
import io.sightline.events.TrafficObserved;
import io.sightline.events.TrafficObserved.VersionObserved;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.traffic.TrafficSplits;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An automatic canary on a real broker (decision 107): an inference replica's report on
 * {@code sightline.inference.observations} that completes the canary's requests promotes it: the champion and
 * {@code traffic.json} change, and {@code model.promoted} and the traffic record ({@code by=auto}) reach
 * {@code sightline.models}. A hostile report before it counts for nothing.
 */
@QuarkusTest
@WithTestResource(RealKafka.class)
@Tag("kafka") // a real broker
@Tag("process") // the broker runs as its own process
class AutoCanaryOverKafkaTest {

    @Inject
    ObjectMapper json;

    @Inject
    ArtifactStore store;

    @Inject
    PublishedModels registry;

    @Test
    void aReportThatCompletesTheCanaryRequestsPromotesIt() throws Exception {
        String model = "auto-" + UUID.randomUUID().toString().substring(0, 8);
        versions(model, 2);
        registry.writeChampion(new Champion(model, "1", 0.95, "job-1", "e", "test", Instant.now()));
        given().contentType(ContentType.JSON).body("{\"percent\":50,\"auto\":{\"requests\":10}}")
                .when().post("/models/" + model + "/versions/2/canary").then().statusCode(400)
                .body("error", containsString("auto.requests"));
        given().contentType(ContentType.JSON).body("{\"percent\":50,\"auto\":{\"maxConfidenceDrop\":2}}")
                .when().post("/models/" + model + "/versions/2/canary").then().statusCode(400)
                .body("error", containsString("auto.maxConfidenceDrop"));
        String startId = given().contentType(ContentType.JSON).body("{\"percent\":50,\"auto\":{\"requests\":50}}")
                .when().post("/models/" + model + "/versions/2/canary").then().statusCode(200)
                .body("canary.auto.requests", equalTo(50)).extract().path("canary.startId");

        report(model, new TrafficObserved("replica-a", model, startId, Instant.now(), List.of(
                new VersionObserved("1", "champion", -5, 0, 100, 90.0, 0),
                new VersionObserved("2", "canary", 500, 0, 500, 450.0, 0)))); // negative: never counts
        report(model, new TrafficObserved("replica-a", model, startId, Instant.now(), List.of(
                new VersionObserved("1", "champion", 100, 1, 100, 90.0, 0),
                new VersionObserved("2", "canary", 60, 0, 60, 54.6, 0))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when()
                .get("/models/" + model + "/traffic").then().statusCode(200)
                .body("change", equalTo(ModelTrafficChanged.CANARY_PROMOTED)).body("by", equalTo("auto"))
                .body("autoOutcome", equalTo(ModelTrafficChanged.CANARY_PROMOTED))
                .body("reason", containsString("after 60 canary requests")));
        assertThat(registry.champion(model).orElseThrow().version()).isEqualTo("2");
        ModelTrafficChanged stored = StoreJson.read(store.read(TrafficSplits.key(model)), ModelTrafficChanged.class);
        assertThat(stored.canary()).isNull();
        assertThat(stored.by()).isEqualTo("auto");

        List<ConsumerRecord<String, String>> records = modelRecords(model);
        assertThat(records).anySatisfy(record -> {
            assertThat(record.key()).isEqualTo(model);
            assertThat(json.readValue(record.value(), ModelPromoted.class).version()).isEqualTo("2");
        });
        ConsumerRecord<String, String> traffic = records.stream()
                .filter(record -> ModelTrafficChanged.key(model).equals(record.key())).reduce((a, b) -> b)
                .orElseThrow();
        ModelTrafficChanged announced = json.readValue(traffic.value(), ModelTrafficChanged.class);
        assertThat(announced.change()).isEqualTo(ModelTrafficChanged.CANARY_PROMOTED);
        assertThat(announced.by()).isEqualTo("auto");
        assertThat(announced.reason()).contains("error rate 0.0000 vs champion 0.0099");
    }

    private void versions(String model, int count) throws Exception {
        for (int v = 1; v <= count; v++) {
            String metrics = String.format(Locale.ROOT, "{\"model\":\"%s\",\"version\":\"%d\",\"architecture\":\"cnn\","
                    + "\"test\":{\"split\":\"test\",\"count\":10,\"accuracy\":0.95,\"loss\":1.0},"
                    + "\"history\":[],\"lineage\":{\"jobId\":\"job-%d\",\"dataset\":\"shapes\","
                    + "\"datasetVersion\":\"1\"}}", model, v, v);
            store.write(StoreKeys.metrics(model, String.valueOf(v)), metrics.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void report(String model, TrafficObserved report) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INFERENCE_OBSERVATIONS, model,
                    json.writeValueAsString(report));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                    .add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", TrafficObserved.TYPE.getBytes(StandardCharsets.UTF_8))
                    .add("ce_source", "/test/inference".getBytes(StandardCharsets.UTF_8))
                    .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        }
    }

    /** The records of a model (promotions and traffic) on the models topic, oldest first. */
    private static List<ConsumerRecord<String, String>> modelRecords(String model) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MODELS));
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (model.equals(record.key()) || ModelTrafficChanged.key(model).equals(record.key())) {
                        records.add(record);
                    }
                }
                if (records.size() >= 3 && consumer.assignment().stream().allMatch(p ->
                        consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p))) {
                    return records;
                }
            }
            return records;
        }
    }
}
