package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.e2e.Eventually;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.ShapesDataset;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary driven through the trainer's REST API against the packaged services, under load: each change travels as
 * {@code model.traffic.changed} over Kafka to the inference-service. Not one request may fail across canary start,
 * promotion and rollback, nor while an automatic canary promotes itself (decision 107); over {@link #MEASURED}
 * requests with distinct caller keys the canary's share of answers is within 2 points of P, and a caller key always
 * gets the same version. CI: 4 clients, 10,000 measured requests; full: 8 clients, 30,000.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class CanaryUnderLoadTest {

    private static final int CLIENTS = FaultProfile.pick(4, 8);
    private static final int MEASURED = FaultProfile.pick(10_000, 30_000);
    private static final int PERCENT = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final byte[] image = new ShapesDataset(32, 77).png("vertical");
    private final AtomicLong keys = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    @Test
    void canaryStartPromotionAndRollbackUnderLoadFailNoRequestAndTheShareHolds() throws Exception {
        String model = FaultStack.probeModel();
        String champion = "1";
        String second = trainAnotherVersion(model);
        FaultStack.promote(model, champion); // training (or another test) may have promoted another: start known
        FaultStack.awaitServing(model, champion, Duration.ofMinutes(1));

        // refusals, each with its reason
        assertThat(canary("POST", model, second, "{\"percent\": 0}").statusCode()).isEqualTo(400);
        assertThat(canary("POST", model, second, "{}").statusCode()).isEqualTo(400);
        assertThat(canary("POST", model, champion, "{\"percent\": 10}").statusCode()).isEqualTo(409);
        assertThat(canary("POST", model, "99999", "{\"percent\": 10}").statusCode()).isEqualTo(404);
        assertThat(canary("DELETE", model, second, null).statusCode()).isEqualTo(404);

        Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = startLoad(model, running, byVersion);
        try {
            // start under load
            assertThat(canary("POST", model, second, "{\"percent\": " + PERCENT + "}").statusCode()).isEqualTo(200);
            awaitCanaryLoaded(model, second);

            // the share over distinct caller keys, and stickiness: the same keys again get the same versions
            Map<String, String> first = measure(model, 0, MEASURED);
            long onCanary = first.values().stream().filter(second::equals).count();
            double share = 100.0 * onCanary / MEASURED;
            Map<String, String> again = measure(model, 0, 1_000);
            for (Map.Entry<String, String> answer : again.entrySet()) {
                assertThat(answer.getValue()).as("version for key " + answer.getKey())
                        .isEqualTo(first.get(answer.getKey()));
            }

            // promotion ends the canary: every answer from the promoted version
            FaultStack.promote(model, second);
            awaitEveryAnswerFrom(model, second);
            assertThat(trainerTraffic(model).path("canary").isNull()).isTrue();
            assertThat(trainerTraffic(model).path("change").asText()).isEqualTo("canary-promoted");

            // a canary of the old champion, rolled back: its share returns to the champion
            assertThat(canary("POST", model, champion, "{\"percent\": 50}").statusCode()).isEqualTo(200);
            awaitCanaryLoaded(model, champion);
            assertThat(canary("DELETE", model, champion, null).statusCode()).isEqualTo(200);
            awaitEveryAnswerFrom(model, second);

            // automatic mode (decision 107): the replicas' reports alone promote the canary after 200 requests
            // (confidence left out of the rule: two versions trained apart may differ in it; errors must not rise)
            assertThat(canary("POST", model, champion, "{\"percent\": 50, \"auto\": {\"requests\": 10}}")
                    .statusCode()).isEqualTo(400);
            assertThat(canary("POST", model, champion, "{\"percent\": 50, \"auto\": {\"requests\": 200,"
                    + " \"maxConfidenceDrop\": 1}}").statusCode()).isEqualTo(200);
            awaitAutoPromoted(model);
            awaitEveryAnswerFrom(model, champion);

            // a shadow: every answer still from the champion, the shadow's agreement with it counted and summed
            assertThat(traffic("POST", model, second, "shadow", "{\"percent\": 100}").statusCode()).isEqualTo(200);
            JsonNode shadowed = awaitShadowCompared(model, second);
            assertThat(predict(model, "shadowed")).isEqualTo(champion);
            assertThat(shadowed.path("shadowAgreement").asDouble(-1)).as(shadowed.toString()).isBetween(0.0, 1.0);
            assertThat(traffic("DELETE", model, second, "shadow", null).statusCode()).isEqualTo(200);
            running.set(false);
            for (Thread thread : load) {
                thread.join();
            }
            System.out.printf("canary under load: %d clients; canary %d%%: %d of %d measured requests (%.2f%%) answered"
                            + " by the canary; answers by version across start, promotion and rollback %s;"
                            + " %d failed%n", CLIENTS, PERCENT, onCanary, MEASURED, share, byVersion, failures.size());
            assertThat(failures).as("failed requests").isEmpty();
            assertThat(share).isBetween(PERCENT - 2.0, PERCENT + 2.0);
        } finally {
            running.set(false);
        }
    }

    private String trainAnotherVersion(String model) throws Exception {
        SightlineClient client = FaultStack.client();
        try (TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.TRAINING_EVENTS)) {
            String jobId = client.startTraining(SightlineClient.object().put("model", model).put("dataset", "shapes")
                            .put("datasetVersion", FaultStack.shapesDataset()).put("epochs", 1).put("batchSize", 16)
                            .put("imageSize", 16).put("seed", 11))
                    .requireStatus(202).body().path("jobId").asText();
            return log.await(e -> (jobId + ":completed").equals(e.id()), Duration.ofMinutes(2),
                    () -> FaultStack.stack().logTail(Service.TRAINER, 40)).field("modelVersion");
        }
    }

    /** Background clients, each request with a fresh caller key; every answer counted by version. */
    private List<Thread> startLoad(String model, AtomicBoolean running, Map<String, AtomicLong> byVersion) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    String version = predict(model, "load-" + keys.incrementAndGet());
                    if (version != null) {
                        byVersion.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
                    }
                }
            }, "load-" + c);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    /** Keys {@code key-from .. key-(from+count-1)}, asked on {@link #CLIENTS} threads; the version by key. */
    private Map<String, String> measure(String model, int from, int count) throws InterruptedException {
        Map<String, String> versions = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger(from);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < from + count; i = next.getAndIncrement()) {
                    String version = predict(model, "key-" + i);
                    if (version != null) {
                        versions.put("key-" + i, version);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(versions).hasSize(count);
        return versions;
    }

    /** The answering version, or {@code null} after recording why the request failed. */
    private String predict(String model, String key) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(FaultStack.stack().url(Service.INFERENCE)
                                    .resolve("/predict/" + model + "?topK=1"))
                            .header("Content-Type", "image/png").header("X-Sightline-Request-Key", key)
                            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                failures.add(response.statusCode() + " " + response.body());
                return null;
            }
            return JSON.readTree(response.body()).path("version").asText();
        } catch (IOException | RuntimeException e) {
            failures.add(e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static HttpResponse<String> canary(String method, String model, String version, String body)
            throws IOException, InterruptedException {
        return traffic(method, model, version, "canary", body);
    }

    /** The shadow's summed counts once the replicas have reported comparisons of {@code version}. */
    private static JsonNode awaitShadowCompared(String model, String version) throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode traffic = trainerTraffic(model);
        while (System.nanoTime() < until) {
            for (JsonNode counts : traffic.path("shadowObserved").path("versions")) {
                if (version.equals(counts.path("version").asText()) && counts.path("compared").asLong() > 0) {
                    return counts;
                }
            }
            Thread.sleep(500);
            traffic = trainerTraffic(model);
        }
        throw new AssertionError("no shadow comparisons of version " + version + " reported: " + traffic);
    }

    private static HttpResponse<String> traffic(String method, String model, String version, String kind,
                                                String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(FaultStack.stack().url(Service.TRAINER)
                        .resolve("/models/" + model + "/versions/" + version + "/" + kind))
                .timeout(Duration.ofSeconds(30));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode trainerTraffic(String model) throws IOException, InterruptedException {
        return JSON.readTree(FaultStack.get(Service.TRAINER, "/models/" + model + "/traffic").body());
    }

    /** Until the trainer promoted the automatic canary by itself, with its progress shown on the way. */
    private static void awaitAutoPromoted(String model) throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode traffic = trainerTraffic(model);
        while (System.nanoTime() < until && !"canary-promoted".equals(traffic.path("autoOutcome").asText())) {
            assertThat(traffic.path("autoOutcome").asText()).as("automatic outcome: " + traffic)
                    .isNotEqualTo("canary-rolled-back");
            Thread.sleep(500);
            traffic = trainerTraffic(model);
        }
        assertThat(traffic.path("autoOutcome").asText()).as("automatic outcome: " + traffic)
                .isEqualTo("canary-promoted");
        assertThat(traffic.path("by").asText()).isEqualTo("auto");
        System.out.println("automatic canary: " + traffic.path("reason").asText());
    }

    /** Until the inference-service has the canary loaded, so that its share is measured, not its load. */
    private static void awaitCanaryLoaded(String model, String version) {
        Eventually.until(Duration.ofMinutes(1), Duration.ofMillis(200),
                () -> JSON.readTree(FaultStack.get(Service.INFERENCE, "/traffic/" + model).body()),
                traffic -> version.equals(traffic.path("canaryLoaded").asText()),
                traffic -> "the canary " + version + " never loaded: " + traffic + "\n"
                        + FaultStack.stack().logTail(Service.INFERENCE, 40));
    }

    /** Until 200 requests in a row were answered by {@code version}. */
    private void awaitEveryAnswerFrom(String model, String version) {
        AtomicLong key = new AtomicLong();
        Eventually.until(Duration.ofMinutes(1), Duration.ofMillis(100), () -> {
            for (int i = 0; i < 200; i++) {
                if (!version.equals(predict(model, "settle-" + key.incrementAndGet()))) {
                    return false;
                }
            }
            return true;
        }, Boolean::booleanValue, last -> "answers still come from another version than " + version);
    }
}
