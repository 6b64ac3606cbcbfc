package io.sightline.trainer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.RetrainBindingChanged;
import io.sightline.events.Topics;
import io.sightline.events.TrainingParameters;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.trainer.jobs.binding.StoredBinding;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Retrain bindings through the API on a real broker: a binding set through the API fires on the next split without
 * a restart and its change is on the topic; one deleted no longer fires; a change announced by another replica is
 * re-read from the store. The bound datasets are not in the store, so their jobs fail at once instead of training.
 */
@QuarkusTest
@WithTestResource(RealKafka.class)
@Tag("kafka") // a real broker
@Tag("process") // the broker runs as its own process
class RetrainBindingsOverKafkaTest {

    @Inject
    JobBoard board;

    @Inject
    ObjectMapper json;

    @Inject
    ArtifactStore store;

    @Test
    void aBindingSetThroughTheApiFiresOnTheNextSplitAndNoLongerOnceDeleted() throws Exception {
        String dataset = "api-bound-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"api-model\",\"parameters\":{\"epochs\":1,\"imageSize\":16},\"debounceSeconds\":1}")
                .when().put("/retrain-bindings/" + dataset).then().statusCode(200).body("source", equalTo("api"));
        assertThat(changesOnTheTopic(dataset)).singleElement().satisfies(c -> assertThat(c.deleted()).isFalse());

        DatasetSplit first = split(dataset);
        String jobId = TrainingJobs.retrainJobIdOf(first, "api-model");
        await().atMost(Duration.ofSeconds(30)).until(() -> board.find(jobId).isPresent());
        assertThat(board.find(jobId).orElseThrow().trigger()).isEqualTo("retrain:" + dataset);

        given().when().delete("/retrain-bindings/" + dataset).then().statusCode(204);
        assertThat(changesOnTheTopic(dataset)).hasSize(2).last().satisfies(c -> assertThat(c.deleted()).isTrue());
        DatasetSplit second = split(dataset);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> board.find(TrainingJobs.retrainJobIdOf(second, "api-model")).isEmpty());
    }

    @Test
    void aChangeAnnouncedByAnotherReplicaIsReadFromTheStore() throws Exception {
        String dataset = "elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("cnn").setEpochs(1)
                .setLearningRate(0.001).setImageSize(16).setSeed(42).build();
        // another replica wrote the record and announced it
        store.write("retrain-bindings/" + dataset + ".json", StoreJson.write(new StoredBinding(dataset, "other-model",
                parameters, 0, Instant.now(), "replica-2", null)));
        given().when().get("/retrain-bindings/" + dataset).then().statusCode(404);
        announce(new RetrainBindingChanged(UUID.randomUUID().toString(), dataset, Instant.now(), "replica-2", false));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/retrain-bindings/" + dataset)
                .then().statusCode(200).body("model", equalTo("other-model")).body("by", equalTo("replica-2")));
        DatasetSplit split = split(dataset);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> board.find(TrainingJobs.retrainJobIdOf(split, "other-model")).isPresent());

        // and removed there
        store.delete("retrain-bindings/" + dataset + ".json");
        announce(new RetrainBindingChanged(UUID.randomUUID().toString(), dataset, Instant.now(), "replica-2", true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/retrain-bindings/" + dataset)
                .then().statusCode(404));
    }

    private DatasetSplit split(String dataset) throws Exception {
        DatasetSplit split = new DatasetSplit(UUID.randomUUID().toString(), dataset, "1", "sha256:test",
                StoreKeys.manifest(dataset, "1"), List.of("a", "b"), Map.of(), 0.2, 0, 42, Instant.now());
        send(Topics.DATASETS, dataset, EventTypes.DATASET_SPLIT, split.eventId(), json.writeValueAsString(split));
        return split;
    }

    private void announce(RetrainBindingChanged change) throws Exception {
        send(Topics.TRAINING_EVENTS, change.dataset(), EventTypes.RETRAIN_BINDING_CHANGED, change.id(),
                json.writeValueAsString(change));
    }

    private static void send(String topic, String key, String type, String id, String value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                    .add("ce_id", id.getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                    .add("ce_source", "/test/other-replica".getBytes(StandardCharsets.UTF_8))
                    .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        }
    }

    /** The binding changes of a dataset on the training events topic, oldest first. */
    private List<RetrainBindingChanged> changesOnTheTopic(String dataset) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<RetrainBindingChanged> changes = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TRAINING_EVENTS));
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header type = record.headers().lastHeader("ce_type");
                    if (dataset.equals(record.key()) && type != null && EventTypes.RETRAIN_BINDING_CHANGED.equals(
                            new String(type.value(), StandardCharsets.UTF_8))) {
                        try {
                            changes.add(json.readValue(record.value(), RetrainBindingChanged.class));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                }
                if (!changes.isEmpty() && consumer.assignment().stream().allMatch(p ->
                        consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p))) {
                    return changes;
                }
            }
            return changes;
        }
    }
}
