package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed JSON, an unknown CloudEvent type, a payload of the wrong shape and a record without any
 * CloudEvent headers are written to every topic a service consumes, ahead of valid events on the same
 * partition. The trainer's two channels send what they cannot read to {@code <topic>.dlq} and go on (the
 * valid events behind the poison are processed); events of other types are skipped by design (the topics
 * carry several types and gain new ones). The inference-service logs, counts and skips unusable registry
 * records (decision 030: no dead-letter topic there) and keeps serving, also through a promotion whose
 * model artefact does not exist.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class PoisonMessageTest {

    private static final String DIRECT_MODEL = "poison-direct";
    private static final String GHOST_MODEL = "poison-ghost";
    private static final String IGNORED = "sightline_inference_promotions_ignored_total";

    @Test
    void poisonRecordsGoToTheDeadLetterTopicsAndTheConsumersKeepGoing() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        String shapes = FaultStack.shapesDataset();
        SightlineClient client = FaultStack.client();
        double ignoredBefore = FaultStack.metric(Service.INFERENCE, IGNORED, "");

        try (PoisonProducer poison = new PoisonProducer(FaultStack.bootstrap());
             TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.DATASETS + Topics.DEAD_LETTER_SUFFIX,
                     Topics.TRAINING_REQUESTS + Topics.DEAD_LETTER_SUFFIX, Topics.TRAINING_REQUESTS,
                     Topics.TRAINING_EVENTS, Topics.MODELS)) {
            // -- the poison, on the partitions the valid events below will use (same keys)
            for (String[] topicKeyType : new String[][] {
                    {Topics.DATASETS, FaultStack.POISON_DATASET, EventTypes.DATASET_SPLIT},
                    {Topics.TRAINING_REQUESTS, DIRECT_MODEL, EventTypes.TRAINING_REQUESTED},
                    {Topics.MODELS, GHOST_MODEL, EventTypes.MODEL_PROMOTED}}) {
                String topic = topicKeyType[0];
                String key = topicKeyType[1];
                String type = topicKeyType[2];
                poison.send(topic, key, type, "{\"eventId\": \"" + marker + "-malformed\", \"truncated");
                poison.send(topic, key, "sightline.unknown.thing.v1", "{\"eventId\":\"" + marker + "-unknown-type\"}");
                poison.send(topic, key, type, "{\"eventId\":\"" + marker + "-wrong-schema\",\"jobId\":{\"x\":1},"
                        + "\"dataset\":[1,2],\"version\":{\"v\":2},\"parameters\":\"fast\",\"counts\":\"many\"}");
                poison.send(topic, key, null, marker + "-no-headers \u0000\u0001 not json");
            }

            // -- valid events behind the poison
            // sightline.datasets: a real split of a bound dataset becomes a retrain job, trained and promoted
            String splitVersion = FaultStack.createDataset(FaultStack.POISON_DATASET, 10, 16, 3);
            TopicLog.Event retrained = log.await(e -> Topics.MODELS.equals(e.topic())
                            && FaultStack.POISON_MODEL.equals(e.key())
                            && FaultStack.POISON_DATASET.equals(e.field("dataset"))
                            && splitVersion.equals(e.field("datasetVersion")),
                    Duration.ofMinutes(2), PoisonMessageTest::logs);
            // sightline.training.requests: a job asked for over REST runs behind the poison of its partition
            String jobId = client.startTraining(SightlineClient.object().put("model", DIRECT_MODEL).put("dataset", "shapes")
                    .put("datasetVersion", shapes).put("epochs", 1).put("batchSize", 16).put("imageSize", 16))
                    .requireStatus(202).body().path("jobId").asText();
            log.await(e -> (jobId + ":completed").equals(e.id()), Duration.ofMinutes(2), PoisonMessageTest::logs);
            // sightline.models: both promotions, read after the poison, are served
            FaultStack.awaitServing(FaultStack.POISON_MODEL, retrained.field("version"), Duration.ofMinutes(1));
            TopicLog.Event direct = log.await(e -> Topics.MODELS.equals(e.topic()) && jobId.equals(e.field("jobId")),
                    Duration.ofMinutes(1), PoisonMessageTest::logs);
            FaultStack.awaitServing(DIRECT_MODEL, direct.field("version"), Duration.ofMinutes(1));

            // -- what the trainer could not read went to the dead-letter topics, once each
            List<TopicLog.Event> datasetsDlq = log.settle(e -> e.topic().equals(Topics.DATASETS + Topics.DEAD_LETTER_SUFFIX)
                    && e.value() != null && e.value().contains(marker), Duration.ofSeconds(2));
            List<TopicLog.Event> requestsDlq = log.all(e -> e.topic().equals(Topics.TRAINING_REQUESTS + Topics.DEAD_LETTER_SUFFIX)
                    && e.value() != null && e.value().contains(marker));
            System.out.println("sightline.datasets.dlq: " + datasetsDlq.stream().map(TopicLog.Event::value).toList());
            System.out.println("sightline.training.requests.dlq: " + requestsDlq.stream().map(TopicLog.Event::value).toList());
            assertThat(datasetsDlq).extracting(TopicLog.Event::value).satisfiesExactlyInAnyOrder(
                    v -> assertThat(v).contains(marker + "-malformed"),
                    v -> assertThat(v).contains(marker + "-wrong-schema"),
                    v -> assertThat(v).contains(marker + "-no-headers"));
            assertThat(requestsDlq).extracting(TopicLog.Event::value).satisfiesExactlyInAnyOrder(
                    v -> assertThat(v).contains(marker + "-malformed"),
                    v -> assertThat(v).contains(marker + "-wrong-schema"),
                    v -> assertThat(v).contains(marker + "-no-headers"));

            // -- the inference-service counted and skipped its four, and is still ready and serving
            double ignored = FaultStack.metric(Service.INFERENCE, IGNORED, "") - ignoredBefore;
            System.out.printf("inference promotions ignored: %.0f (other_type %.0f, unreadable %.0f, invalid %.0f)%n", ignored,
                    FaultStack.metric(Service.INFERENCE, IGNORED, "other_type"),
                    FaultStack.metric(Service.INFERENCE, IGNORED, "unreadable"),
                    FaultStack.metric(Service.INFERENCE, IGNORED, "invalid"));
            assertThat(ignored).isGreaterThanOrEqualTo(4);
            assertThat(FaultStack.get(Service.INFERENCE, "/q/health/ready").statusCode()).isEqualTo(200);
        }

        // -- a well-formed promotion of an artefact that is not in the store: the served version stays
        String served = FaultStack.awaitServing(FaultStack.POISON_MODEL, "1", Duration.ofSeconds(5)).path("version").asText();
        try (PoisonProducer poison = new PoisonProducer(FaultStack.bootstrap())) {
            poison.send(Topics.MODELS, FaultStack.POISON_MODEL, EventTypes.MODEL_PROMOTED, "{\"eventId\":\"" + UUID.randomUUID()
                    + "\",\"model\":\"" + FaultStack.POISON_MODEL + "\",\"version\":\"999\",\"artifactKey\":\"models/"
                    + FaultStack.POISON_MODEL + "/999\",\"jobId\":\"none\",\"dataset\":\"none\",\"datasetVersion\":\"1\","
                    + "\"testAccuracy\":1.0,\"promotedAt\":\"2026-01-01T00:00:00Z\"}");
        }
        JsonNode status = client.await(client.inferenceUrl().resolve("/models/" + FaultStack.POISON_MODEL),
                body -> body.toString().contains("999"), Duration.ofSeconds(30));
        System.out.println("after a promotion of a missing version: " + status);
        for (int i = 0; i < 20; i++) {
            assertThat(FaultStack.awaitServing(FaultStack.POISON_MODEL, served, Duration.ofSeconds(5))).isNotNull();
        }
        // leave the compacted registry pointing at a real version again
        FaultStack.promote(FaultStack.POISON_MODEL, served);
    }

    private static String logs() {
        return "trainer log:\n" + FaultStack.stack().logTail(Service.TRAINER, 40)
                + "\ninference log:\n" + FaultStack.stack().logTail(Service.INFERENCE, 20);
    }
}
