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
import io.sightline.events.ModelPromoted;
import io.sightline.events.Topics;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.StoreKeys;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The trainer on a real broker: two jobs at once, each as reproducible as alone; a job run by another replica
 * shows in this one's job table; a split waiting out the retrain debounce is not committed until its job is
 * queued.
 */
@QuarkusTest
@WithTestResource(RealKafka.class)
@Tag("kafka") // a real broker
@Tag("process") // the broker runs as its own process
class TrainerOverKafkaTest {

    @Inject
    JobBoard board;

    @Inject
    ObjectMapper json;

    @Test
    void twoJobsRunAtOnceAndJobsWithTheSameSeedTrainTheSameWeights() {
        // both consumers of the work queue have joined the group and own partitions
        await().atMost(Duration.ofMinutes(1)).until(() -> workersWithPartitions() == 2);
        // one model name per partition of the work queue, so that both consumers get work
        List<String> models = modelsCoveringPartitions(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<String> runningJobs = ConcurrentHashMap.newKeySet();
        java.util.function.Consumer<JobBoard.JobChange> watch = change -> {
            boolean changed = change.status() == JobStatus.RUNNING
                    ? runningJobs.add(change.jobId())
                    : runningJobs.remove(change.jobId());
            if (changed) {
                mostAtOnce.accumulateAndGet(runningJobs.size(), Math::max);
            }
        };
        board.subscribe(watch);
        try {
            List<String> jobIds = new ArrayList<>();
            for (String model : models) {
                jobIds.add(given().contentType(ContentType.JSON)
                        .body("{\"model\":\"" + model + "\",\"dataset\":\"shapes\",\"architecture\":\"cnn\",\"epochs\":6,"
                                + "\"batchSize\":8,\"imageSize\":16,\"seed\":7}")
                        .when().post("/training-jobs")
                        .then().statusCode(202).extract().path("jobId"));
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> jobIds.stream()
                    .allMatch(id -> board.find(id).map(j -> j.status() == JobStatus.COMPLETED).orElse(false)));

            assertThat(mostAtOnce.get()).as("jobs running at once").isGreaterThanOrEqualTo(2);
            List<TrainingJob> done = jobIds.stream().map(id -> board.find(id).orElseThrow()).toList();
            // same data, parameters and seed: every run took the same steps, although they ran side by side
            for (TrainingJob job : done) {
                assertThat(job.epochs()).extracting(e -> e.trainLoss())
                        .containsExactlyElementsOf(done.get(0).epochs().stream().map(e -> e.trainLoss()).toList());
                assertThat(job.testLoss()).isEqualTo(done.get(0).testLoss());
            }
        } finally {
            board.unsubscribe(watch);
        }
    }

    @Test
    void aJobRunByAnotherReplicaShowsInThisOnesJobTable() throws Exception {
        String jobId = UUID.randomUUID().toString();
        Instant started = Instant.now().minusSeconds(5);
        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("cnn").setEpochs(2)
                .setBatchSize(8).setLearningRate(0.001).setImageSize(16).setSeed(42).build();
        given().when().get("/training-jobs/" + jobId).then().statusCode(404);
        try (KafkaProducer<String, String> producer = producer()) {
            // the promotion may be read before the job's events (other topic): it waits for the job
            send(producer, Topics.MODELS, "elsewhere", EventTypes.MODEL_PROMOTED, UUID.randomUUID().toString(),
                    new ModelPromoted(UUID.randomUUID().toString(), "elsewhere", "3",
                            StoreKeys.modelVersion("elsewhere", "3"), jobId, "shapes", "1", 0.6,
                            started.plusSeconds(3)));
            // poison ahead of the events on their partition: the table reader skips it and goes on
            producer.send(new ProducerRecord<>(Topics.TRAINING_EVENTS, jobId, "not json, no headers")).get();
            sendRaw(producer, Topics.TRAINING_EVENTS, jobId, EventTypes.TRAINING_STARTED, "{\"jobId\": \"trunc");
            sendRaw(producer, Topics.TRAINING_EVENTS, jobId, EventTypes.TRAINING_EPOCH, "{\"jobId\":{\"x\":1}}");
            send(producer, Topics.TRAINING_EVENTS, jobId, EventTypes.TRAINING_STARTED, jobId + ":started",
                    new TrainingStarted(jobId, "elsewhere", "shapes", "1", parameters, "trainer-7", started));
            send(producer, Topics.TRAINING_EVENTS, jobId, EventTypes.TRAINING_EPOCH, jobId + ":epoch:1",
                    new TrainingEpoch(jobId, "elsewhere", 1, 2, 1.2, 0.4, 1.1, 0.5, 0.001, 900, 310.0));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/training-jobs/" + jobId)
                    .then().statusCode(200)
                    .body("status", equalTo("RUNNING"))
                    .body("worker", equalTo("trainer-7"))
                    .body("epochs.size()", equalTo(1)));

            send(producer, Topics.TRAINING_EVENTS, jobId, EventTypes.TRAINING_EPOCH, jobId + ":epoch:2",
                    new TrainingEpoch(jobId, "elsewhere", 2, 2, 0.8, 0.7, 0.9, 0.6, 0.001, 850, 320.0));
            send(producer, Topics.TRAINING_EVENTS, jobId, EventTypes.TRAINING_COMPLETED, jobId + ":completed",
                    new TrainingCompleted(jobId, "elsewhere", "3", "shapes", "1", 0.6, 0.9,
                            StoreKeys.modelVersion("elsewhere", "3"), 2000, started.plusSeconds(2)));
            // a stale repeat of the start must not send the finished job back to RUNNING
            send(producer, Topics.TRAINING_EVENTS, jobId, EventTypes.TRAINING_STARTED, jobId + ":started",
                    new TrainingStarted(jobId, "elsewhere", "shapes", "1", parameters, "trainer-7", started));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/training-jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("modelVersion", equalTo("3"))
                .body("epochs.size()", equalTo(2))
                .body("epochs[1].trainLoss", equalTo(0.8f))
                .body("promoted", equalTo(true)));
        // the stale start, read after the completion, changes nothing
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().when().get("/training-jobs/" + jobId).then().body("status", equalTo("COMPLETED")));
    }

    @Test
    void aSplitWaitingOutTheDebounceIsCommittedOnlyOnceItsJobIsQueued() throws Exception {
        String eventId = UUID.randomUUID().toString();
        DatasetSplit split = new DatasetSplit(eventId, "shapes", "1", "sha256:test",
                StoreKeys.manifest("shapes", "1"), List.of("disc", "horizontal", "vertical"), Map.of(), 0.2,
                0, 42, Instant.now());
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = producer()) {
            sent = send(producer, Topics.DATASETS, "shapes", EventTypes.DATASET_SPLIT, eventId, split);
        }
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        String jobId = TrainingJobs.retrainJobIdOf(split, "shapes-auto");

        // through the first half of the 3 s window: no job yet, and the group's committed offset has not passed
        // the split
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofMillis(2500)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(board.find(jobId)).isEmpty();
                    assertThat(committed(partition)).isLessThanOrEqualTo(sent.offset());
                });

        await().atMost(Duration.ofSeconds(30)).until(() -> board.find(jobId).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(partition) > sent.offset());
    }

    private static List<String> modelsCoveringPartitions(int partitions) {
        List<String> models = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; covered.size() < partitions; i++) {
            String model = "parallel-" + i;
            int p = Utils.toPositive(Utils.murmur2(model.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (covered.add(p)) {
                models.add(model);
            }
        }
        return models;
    }

    private static long workersWithPartitions() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            return admin.describeConsumerGroups(List.of("sightline-trainer-workers")).all().get(10, TimeUnit.SECONDS)
                    .get("sightline-trainer-workers").members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty())
                    .count();
        }
    }

    private long committed(TopicPartition partition) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("sightline-trainer")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    private KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends a payload as a binary-mode CloudEvent, as the services do. */
    private RecordMetadata send(KafkaProducer<String, String> producer, String topic, String key, String type, String id,
                                Object payload) throws Exception {
        return sendRaw(producer, topic, key, type, id, json.writeValueAsString(payload));
    }

    private static RecordMetadata sendRaw(KafkaProducer<String, String> producer, String topic, String key, String type,
                                          String value) throws Exception {
        return sendRaw(producer, topic, key, type, UUID.randomUUID().toString(), value);
    }

    private static RecordMetadata sendRaw(KafkaProducer<String, String> producer, String topic, String key, String type,
                                          String id, String value) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                .add("ce_id", id.getBytes(StandardCharsets.UTF_8))
                .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("ce_source", "/test/other-replica".getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return producer.send(record).get(10, TimeUnit.SECONDS);
    }
}
