package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.Eventually;
import io.sightline.e2e.LocalStack.Replica;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.ShapesDataset;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox on real processes (decision 100): a dataset-service replica that dies after its version committed and
 * before the split was sent (a test-only hook halts its JVM there) loses nothing: another replica's relay sends the
 * split, and the retrain it triggers runs once. A broker away for longer than a replica's producer delivery timeout
 * while a version publishes: the split arrives once the broker is back.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class OutboxTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aReplicaKilledBetweenPublishAndSendStillTriggersTheRetrainOnce() throws Exception {
        String dataset = "outbox-kill";
        String model = "outbox-kill-cnn";
        bind(dataset, model);
        Path source = new ShapesDataset(16, 301).write(FaultStack.running().imports().resolve(dataset), 12);
        try (TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.DATASETS, Topics.TRAINING_REQUESTS);
             Replica doomed = replica(Map.of("dataset-service:sightline.outbox.test-halt-before-sending",
                     EventTypes.DATASET_SPLIT))) {
            SightlineClient onDoomed = new SightlineClient(doomed.url(), FaultStack.client().trainerUrl(),
                    FaultStack.client().inferenceUrl());
            String version = onDoomed.createDataset(dataset, source.toString(), 0.25, 7).requireStatus(202).body()
                    .path("version").asText();
            assertThat(doomed.process().waitFor(2, TimeUnit.MINUTES)).as("the hook halts the replica").isTrue();
            System.out.printf("replica halted with exit %d after publishing %s version %s%n",
                    doomed.process().exitValue(), dataset, version);
            assertThat(doomed.logTail(40)).contains("test hook: halting the JVM before sending");

            // the stack's own dataset-service sees the committed version and its relay sends the split
            JsonNode ready = FaultStack.client().await(FaultStack.client().datasetUrl()
                    .resolve("/datasets/" + dataset + "/versions/" + version), body -> true, Duration.ofSeconds(10));
            assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("READY");
            long waited = System.nanoTime();
            TopicLog.Event split = log.await(e -> EventTypes.DATASET_SPLIT.equals(e.type()) && dataset.equals(e.key())
                    && version.equals(e.field("version")), Duration.ofMinutes(2), () -> "");
            System.out.printf("split %s of the halted replica relayed %d ms after the halt was seen%n", split.id(),
                    (System.nanoTime() - waited) / 1_000_000);

            // the retrain runs, once: one request, one model version
            Eventually.until(Duration.ofMinutes(3), Duration.ofMillis(500),
                    () -> FaultStack.client().trainerResource("/models/" + model).body(),
                    body -> body != null && body.path("versions").size() >= 1,
                    body -> "no version of " + model + ": " + body);
            List<TopicLog.Event> requests = log.settle(e -> Topics.TRAINING_REQUESTS.equals(e.topic())
                    && model.equals(e.key()), Duration.ofSeconds(5));
            assertThat(requests).as("retrain requests for the relayed split").hasSize(1);
            assertThat(FaultStack.client().trainerResource("/models/" + model).body().path("versions")).hasSize(1);
            assertThat(log.all(e -> EventTypes.DATASET_SPLIT.equals(e.type()) && dataset.equals(e.key()))
                    .stream().map(TopicLog.Event::id).distinct()).as("one split, whatever was sent twice")
                    .containsExactly(split.id());
        }
    }

    @Test
    void aBrokerAwayLongerThanTheDeliveryTimeoutStillGetsTheSplitWhenItIsBack() throws Exception {
        String dataset = "outbox-outage";
        Path source = new ShapesDataset(16, 302).write(FaultStack.running().imports().resolve(dataset), 12);
        Map<String, String> shortTimeouts = new HashMap<>();
        shortTimeouts.put("dataset-service:mp.messaging.outgoing.datasets-out.delivery.timeout.ms", "6000");
        shortTimeouts.put("dataset-service:mp.messaging.outgoing.datasets-out.request.timeout.ms", "5000");
        try (TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.DATASETS);
             Replica replica = replica(shortTimeouts)) {
            SightlineClient client = new SightlineClient(replica.url(), FaultStack.client().trainerUrl(),
                    FaultStack.client().inferenceUrl());
            FaultStack.stopBroker();
            String version;
            try {
                version = client.createDataset(dataset, source.toString(), 0.25, 7).requireStatus(202).body()
                        .path("version").asText();
                JsonNode ready = client.await(client.datasetUrl().resolve("/datasets/" + dataset + "/versions/"
                        + version), SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(1));
                assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("READY");
                Thread.sleep(12_000); // twice the delivery timeout: the producer has given the record up
            } finally {
                FaultStack.startBroker();
            }
            assertThat(replica.logTail(200)).as("the producer gave the split up while the broker was away")
                    .contains("was not delivered yet; the outbox sends it again");
            long back = System.nanoTime();
            log.await(e -> EventTypes.DATASET_SPLIT.equals(e.type()) && dataset.equals(e.key())
                    && version.equals(e.field("version")), Duration.ofMinutes(2), () -> replica.logTail(40));
            System.out.printf("split of version %s arrived %d ms after the broker was back%n", version,
                    (System.nanoTime() - back) / 1_000_000);
        }
    }

    private static Replica replica(Map<String, String> extra) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("dataset-service:sightline.dataset.work-dir",
                FaultStack.running().logs().resolveSibling("dataset-work-" + port).toString());
        return FaultStack.stack().startReplica(Service.DATASET, port, properties, FaultStack.START_TIMEOUT);
    }

    /** A retrain binding through the API: one epoch on 16 px pictures, at once. */
    private static void bind(String dataset, String model) throws Exception {
        URI url = FaultStack.client().trainerUrl().resolve("/retrain-bindings/" + dataset);
        String body = "{\"model\":\"" + model + "\",\"parameters\":{\"epochs\":1,\"imageSize\":16,\"batchSize\":16},"
                + "\"debounceSeconds\":0}";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}
