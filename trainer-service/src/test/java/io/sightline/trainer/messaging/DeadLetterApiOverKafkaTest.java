package io.sightline.trainer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreKeys;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter API on a real broker (decision 097): a split the trainer cannot act on (the registry's metrics of
 * the bound model are unreadable) is dead-lettered by the service, listed with its reason, shown, and once the store
 * is repaired, replayed to {@code sightline.datasets}, where the trainer consumes it once and queues the retrain.
 * Refusals: a topic this service does not own, a caller without the admin role, offsets the topic does not hold.
 */
@QuarkusTest
@TestProfile(DeadLetterApiOverKafkaTest.WithTokens.class)
@WithTestResource(RealKafka.class)
@Tag("kafka") // a real broker
@Tag("process") // the broker runs as its own process
class DeadLetterApiOverKafkaTest {

    static final String ADMIN = "dlq-admin-token-0123456789";
    static final String WRITER = "dlq-writer-token-0123456789";
    static final String DATASETS_DLQ = Topics.DATASETS + Topics.DEAD_LETTER_SUFFIX;

    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sightline.auth.token-list", "admin:" + sha256(ADMIN) + ":read+write+admin,writer:"
                    + sha256(WRITER) + ":read+write");
        }
    }

    @Inject
    JobBoard board;

    @Inject
    ObjectMapper json;

    @Inject
    ArtifactStore store;

    @Test
    void aRecordDeadLetteredByTheServiceIsListedShownAndReplayedOnceTheCauseIsFixed() throws Exception {
        String dataset = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
        String model = "dlq-model-" + dataset.substring(4);
        as(WRITER).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"parameters\":{\"epochs\":1,\"imageSize\":16},\"debounceSeconds\":1}")
                .put("/retrain-bindings/" + dataset).then().statusCode(200);
        // the registry cannot be read: the retrain cannot be queued, the split is nacked to the dead-letter topic
        String brokenMetrics = StoreKeys.metrics(model, "1");
        store.write(brokenMetrics, "{not json".getBytes(StandardCharsets.UTF_8));
        DatasetSplit split = split(dataset);
        String jobId = TrainingJobs.retrainJobIdOf(split, model);

        JsonPath letter = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> deadLettersOf(dataset), l -> l.size() == 1).get(0);
        assertThat(letter.getString("deadLetter.'dead-letter-topic'")).isEqualTo(Topics.DATASETS);
        assertThat(letter.getString("deadLetter.'dead-letter-reason'")).isNotBlank();
        assertThat(letter.getString("cloudEvent.ce_type")).isEqualTo(EventTypes.DATASET_SPLIT);
        assertThat(letter.getString("payload.text")).contains(split.eventId());
        assertThat(board.find(jobId)).isEmpty();
        int partition = letter.getInt("partition");
        long offset = letter.getLong("offset");

        as(ADMIN).get("/admin/dlq").then().statusCode(200)
                .body("find { it.topic == '" + DATASETS_DLQ + "' }.sourceTopic", equalTo(Topics.DATASETS))
                .body("find { it.topic == '" + Topics.TRAINING_REQUESTS + Topics.DEAD_LETTER_SUFFIX + "' }.sourceTopic",
                        equalTo(Topics.TRAINING_REQUESTS));
        as(ADMIN).get("/admin/dlq/" + DATASETS_DLQ + "/" + partition + "/" + offset).then().statusCode(200)
                .body("key.text", equalTo(dataset))
                .body("deadLetter.'dead-letter-offset'", equalTo(letter.getString("deadLetter.'dead-letter-offset'")));

        store.delete(brokenMetrics); // the fix
        JsonPath report = as(ADMIN).contentType(ContentType.JSON)
                .body("{\"partition\":" + partition + ",\"offsets\":[" + offset + "]}")
                .post("/admin/dlq/" + DATASETS_DLQ + "/replay").then().statusCode(200)
                .body("replayed", equalTo(1)).body("toTopics.'" + Topics.DATASETS + "'", equalTo(1))
                .extract().jsonPath();

        await().atMost(Duration.ofSeconds(60)).until(() -> board.find(jobId).isPresent());
        List<ConsumerRecord<String, String>> replayed = recordsOf(Topics.DATASETS,
                r -> report.getString("replayId").equals(header(r, "sightline-replay-id")));
        assertThat(replayed).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(dataset);
            assertThat(header(r, "ce_type")).isEqualTo(EventTypes.DATASET_SPLIT);
            assertThat(header(r, "dead-letter-reason")).isNull();
        });
        ConsumerRecord<String, String> copy = replayed.get(0);
        // consumed: the group's offset passed it, and it did not fail again
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(copy) > copy.offset());
        assertThat(deadLettersOf(dataset)).hasSize(1);
    }

    @Test
    void refusesTopicsItDoesNotOwnCallersWithoutAdminAndOffsetsTheTopicDoesNotHold() {
        as(ADMIN).get("/admin/dlq/" + Topics.MODELS + Topics.DEAD_LETTER_SUFFIX).then().statusCode(404)
                .body("error", containsString("not a dead-letter topic of this service"));
        as(ADMIN).contentType(ContentType.JSON).body("{\"all\":true}")
                .post("/admin/dlq/" + Topics.DATASETS + "/replay").then().statusCode(404);
        as(WRITER).get("/admin/dlq").then().statusCode(403);
        as(WRITER).contentType(ContentType.JSON).body("{\"all\":true}")
                .post("/admin/dlq/" + DATASETS_DLQ + "/replay").then().statusCode(403);
        given().get("/admin/dlq").then().statusCode(401);

        String replay = "/admin/dlq/" + DATASETS_DLQ + "/replay";
        as(ADMIN).contentType(ContentType.JSON).body("{\"partition\":0,\"offsets\":[-1]}").post(replay)
                .then().statusCode(400).body("error", containsString("offset -1 is not held"));
        as(ADMIN).contentType(ContentType.JSON).body("{\"partition\":0,\"offsets\":[999999999]}").post(replay)
                .then().statusCode(400).body("error", containsString("offset 999999999 is not held"));
        as(ADMIN).contentType(ContentType.JSON).body("{\"partition\":7,\"offsets\":[0]}").post(replay)
                .then().statusCode(400).body("error", containsString("no partition 7"));
        as(ADMIN).contentType(ContentType.JSON).body("{\"offsets\":[0],\"all\":true}").post(replay)
                .then().statusCode(400).body("error", containsString("either offsets"));
        as(ADMIN).contentType(ContentType.JSON).body("{}").post(replay).then().statusCode(400);
        as(ADMIN).get("/admin/dlq/" + DATASETS_DLQ + "/0/first").then().statusCode(400)
                .body("error", containsString("offset must be a whole number"));
        as(ADMIN).get("/admin/dlq/" + DATASETS_DLQ + "?limit=5000").then().statusCode(400);
        as(ADMIN).get("/admin/dlq/" + DATASETS_DLQ + "/0/999999999").then().statusCode(404);
    }

    /** The records of the dead-letter topic whose key is the dataset, read page by page through the API. */
    private List<JsonPath> deadLettersOf(String dataset) {
        List<JsonPath> found = new ArrayList<>();
        String after = "";
        do {
            var answer = as(ADMIN).queryParam("limit", 2).queryParam("after", after)
                    .get("/admin/dlq/" + DATASETS_DLQ).then().statusCode(200).extract();
            List<Map<String, Object>> page = answer.jsonPath().getList("$");
            for (int i = 0; i < page.size(); i++) {
                JsonPath record = new JsonPath(answer.asString()).setRootPath("[" + i + "]");
                if (dataset.equals(record.getString("key.text"))) {
                    found.add(record);
                }
            }
            after = answer.header("Next-Cursor");
        } while (after != null);
        return found;
    }

    private DatasetSplit split(String dataset) throws Exception {
        DatasetSplit split = new DatasetSplit(UUID.randomUUID().toString(), dataset, "1", "sha256:test",
                StoreKeys.manifest(dataset, "1"), List.of("a", "b"), Map.of(), 0.2, 0, 42, Instant.now());
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.DATASETS, dataset,
                    json.writeValueAsString(split));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                    .add("ce_id", split.eventId().getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", EventTypes.DATASET_SPLIT.getBytes(StandardCharsets.UTF_8))
                    .add("ce_source", "/test/dataset-service".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        }
        return split;
    }

    private static List<ConsumerRecord<String, String>> recordsOf(String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (wanted.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    /** The trainer group's committed offset of the record's partition. */
    private static long committed(ConsumerRecord<?, ?> record) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("sightline-trainer")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .get(new TopicPartition(record.topic(), record.partition()));
            return offset == null ? -1 : offset.offset();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
