package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.Eventually;
import io.sightline.e2e.LocalStack.Replica;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.SightlineClient;
import io.sightline.storage.StoreJson;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second trainer process joins the stack's: two workers in one group, two job tables. Jobs asked of one
 * replica run on whichever worker owns their partition, and both replicas answer {@code GET
 * /training-jobs/{id}} alike — the one that did not run a job knows it only from the topics.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class TrainerReplicaTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyReplicaShowsEveryJobWhereverItRan() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI first = FaultStack.stack().url(Service.TRAINER);
        try (Replica second = FaultStack.stack().startReplica(Service.TRAINER, port,
                Map.of("trainer-service:sightline.trainer.worker-name", "replica-b"), FaultStack.START_TIMEOUT)) {
            String version = FaultStack.shapesDataset();
            SightlineClient client = FaultStack.client();
            List<String> jobs = new ArrayList<>();
            // four models: their keys spread over the request partitions, so both workers get some
            for (int i = 0; i < 4; i++) {
                URI asked = i % 2 == 0 ? first : second.url();
                jobs.add(post(asked, "{\"model\":\"replica-" + i + "\",\"dataset\":\"shapes\",\"datasetVersion\":\""
                        + version + "\",\"epochs\":1,\"batchSize\":16,\"imageSize\":16}").path("jobId").asText());
            }
            for (String job : jobs) {
                JsonNode onFirst = awaitCompleted(first, job, second);
                JsonNode onSecond = awaitCompleted(second.url(), job, second);
                for (String field : new String[] {"status", "worker", "modelVersion", "testAccuracy", "trigger"}) {
                    assertThat(onSecond.path(field)).as(field + " of " + job).isEqualTo(onFirst.path(field));
                }
                assertThat(onSecond.path("epochs").size()).isEqualTo(onFirst.path("epochs").size()).isEqualTo(1);
                // each is its model's first version, so promoted; both replicas learn it (one from sightline.models)
                assertThat(awaitPromoted(first, job)).isTrue();
                assertThat(awaitPromoted(second.url(), job)).isTrue();
                System.out.printf("job %s: ran on %s, version %s%n", job, onFirst.path("worker").asText(),
                        onFirst.path("modelVersion").asText());
            }
        }
    }

    private static JsonNode awaitCompleted(URI trainer, String job, Replica second) {
        JsonNode last = Eventually.until(Duration.ofMinutes(3), Duration.ofMillis(300), () -> job(trainer, job),
                state -> state != null && ("COMPLETED".equals(state.path("status").asText())
                        || "FAILED".equals(state.path("status").asText())),
                state -> "job " + job + " not completed on " + trainer + ": " + state + "\nreplica log:\n"
                        + second.logTail(30) + "\ntrainer log:\n" + FaultStack.stack().logTail(Service.TRAINER, 30));
        assertThat(last.path("status").asText()).as(last.toString()).isEqualTo("COMPLETED");
        return last;
    }

    private static boolean awaitPromoted(URI trainer, String job) {
        return Eventually.until(Duration.ofSeconds(30), Duration.ofMillis(200), () -> job(trainer, job),
                state -> state != null && state.path("promoted").isBoolean(),
                state -> "no promotion decision for " + job + " on " + trainer + ": " + state)
                .path("promoted").asBoolean();
    }

    /** {@code GET /training-jobs/{id}}; null while the replica does not know the job. */
    private static JsonNode job(URI trainer, String job) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(trainer.resolve("/training-jobs/" + job))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? StoreJson.mapper().readTree(response.body()) : null;
    }

    private static JsonNode post(URI trainer, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(trainer.resolve("/training-jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return StoreJson.mapper().readTree(response.body());
    }
}
