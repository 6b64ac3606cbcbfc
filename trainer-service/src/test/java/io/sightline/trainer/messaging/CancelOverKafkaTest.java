package io.sightline.trainer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import io.sightline.storage.ArtifactStore;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.lease.LeaseFiles;
import io.sightline.trainer.registry.PublishedModels;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cancels on the real broker (TrainerOverKafkaTest's app): a running job stops, announces {@code training.cancelled}
 * on the topic, releases its lease and publishes nothing; a job queued behind it is cancelled at once and its request
 * dropped by the worker that receives it later.
 */
@QuarkusTest
@WithTestResource(RealKafka.class)
@Tag("kafka")
@Tag("process")
class CancelOverKafkaTest {

    private static final String MODEL = "cancel-kafka";

    @Inject
    JobBoard board;

    @Inject
    ArtifactStore store;

    @Inject
    PublishedModels registry;

    @Test
    void aRunningJobStopsAndAJobQueuedBehindItIsDropped() throws Exception {
        String running = submit();
        await().atMost(Duration.ofMinutes(2)).until(() -> board.find(running)
                .map(j -> j.status() == JobStatus.RUNNING && !j.epochs().isEmpty()).orElse(false));
        // the same model, so the same partition: this one waits behind the running one
        String queued = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> board.find(queued).isPresent());

        given().delete("/training-jobs/" + queued).then().statusCode(202).body("status", equalTo("CANCELLED"));
        given().delete("/training-jobs/" + running).then().statusCode(202).body("status", equalTo("CANCELLING"));

        await().atMost(Duration.ofSeconds(30)).until(() -> board.find(running)
                .map(j -> j.status() == JobStatus.CANCELLED).orElse(false));
        // the worker then receives the queued job's request, and drops it with a cancel of its own
        await().atMost(Duration.ofMinutes(1)).until(() -> types(queued).stream()
                .filter(EventTypes.TRAINING_CANCELLED::equals).count() == 2);

        assertThat(types(running)).contains(EventTypes.TRAINING_STARTED, EventTypes.TRAINING_CANCELLED)
                .doesNotContain(EventTypes.TRAINING_COMPLETED, EventTypes.TRAINING_FAILED);
        assertThat(types(queued)).containsOnly(EventTypes.TRAINING_CANCELLED);
        assertThat(new LeaseFiles(store).state(running, Instant.now()).live()).as("lease released").isFalse();
        assertThat(registry.versions(MODEL)).isEmpty();
        assertThat(board.find(queued).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        given().delete("/training-jobs/" + running).then().statusCode(409);
    }

    private static String submit() {
        return given().contentType(ContentType.JSON)
                .body("{\"model\":\"" + MODEL + "\",\"dataset\":\"shapes\",\"architecture\":\"cnn\",\"epochs\":1000,"
                        + "\"batchSize\":8,\"imageSize\":16}")
                .when().post("/training-jobs").then().statusCode(202).extract().path("jobId");
    }

    /** The CloudEvent types of a job's records on the progress topic, in order. */
    private static List<String> types(String jobId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "cancel-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TRAINING_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (types.isEmpty() || emptyPolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() && !consumer.assignment().isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : records) {
                    Header type = record.headers().lastHeader("ce_type");
                    if (jobId.equals(record.key()) && type != null) {
                        types.add(new String(type.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return types;
    }
}
