package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.Eventually;
import io.sightline.e2e.LocalStack.Replica;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.ShapesDataset;
import io.sightline.events.EventTypes;
import io.sightline.events.ModelPromoted;
import io.sightline.events.Topics;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19 items 3 and 4 on the packaged inference-service: extra inference processes beside the shared stack (same
 * broker, same store), each with its own {@code sightline.inference.*} settings. The models are copies of the probe
 * model's version folder published into the store under other names and promoted over Kafka as the trainer
 * would, so nothing but the probe model is trained.
 *
 * <ul>
 * <li>Memory budget: six models, a budget that holds two; three clients cycle over all six for a few seconds.
 * Every answer is 200 from the model asked: a held model is never evicted, and a load that finds both resident
 * models held (by the other two clients) waits milliseconds for one to finish, far below {@code load-wait}, so no
 * 503 is expected. The residency metrics count loads and evictions; resident bytes sampled throughout never exceed
 * the budget. (Seen failing in 2 of 5 runs: one 503 "version 1 is loading" ~100 ms into a load wait, outcome
 * {@code failed}: a waiter that reads the slot between {@code Residency.demand}'s {@code dormant = false} and its
 * {@code settled = null} takes it for a settled slot that serves nothing.)</li>
 * <li>Placement: {@code models=team-a-*,label:team=b} (and payload logging of every request, on /predict and /v2
 * infer, as CloudEvents on {@code sightline.inference.payloads}) serves {@code team-a-x} and a model promoted with the label
 * {@code team=b}, and answers 404 "not served by this deployment" for another promoted model, on {@code /predict}
 * and on {@code /v2} infer.</li>
 * </ul>
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class ResidencyProcessTest {

    private static final int BUDGET_MODELS = 6;
    private static final String BUDGET_PREFIX = "res-";
    private static final String TEAM_A = "team-a-x";
    private static final String TEAM_B = "res-labelled";
    private static final int CLIENTS = 3;
    private static final Duration LOAD = FaultProfile.seconds(6, 60);
    /** Set on the replica rather than left to the default, so the budget below holds exactly two models. */
    private static final double SIZE_FACTOR = 1.5;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final byte[] IMAGE = new ShapesDataset(32, 5).png("disc");

    private static long modelBytes;

    @BeforeAll
    static void publishAndPromoteModels() throws Exception {
        String probe = FaultStack.probeModel();
        Path source = FaultStack.running().store().resolve(StoreKeys.modelVersion(probe, "1"));
        modelBytes = (long) Math.ceil(Files.size(source.resolve(StoreKeys.MODEL_PARAMS)) * SIZE_FACTOR);
        FileArtifactStore store = new FileArtifactStore(FaultStack.running().store());
        // a producer of any CloudEvent: here the trainer's model.promoted, well-formed
        try (PoisonProducer producer = new PoisonProducer(FaultStack.bootstrap())) {
            for (int i = 0; i < BUDGET_MODELS; i++) {
                publishAndPromote(store, producer, source, BUDGET_PREFIX + i, null);
            }
            publishAndPromote(store, producer, source, TEAM_A, null);
            publishAndPromote(store, producer, source, TEAM_B, Map.of("team", "b"));
        }
    }

    @Test
    void budgetOfTwoEvictsAndReloadsUnderLoadWithoutAFailedRequest() throws Exception {
        // room for two estimates and half of a third: a third resident model never fits
        long budget = 2 * modelBytes + modelBytes / 2;
        try (Replica replica = startInference(Map.of(
                "sightline.inference.memory-budget", Long.toString(budget),
                "sightline.inference.resident-size-factor", Double.toString(SIZE_FACTOR),
                "sightline.inference.models", BUDGET_PREFIX + "?"))) {
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong ok = new AtomicLong();
            long end = System.nanoTime() + LOAD.toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int offset = 2 * c; // each client starts on a model of its own, so loads overlap from the start
                Thread client = new Thread(() -> {
                    for (int i = offset; System.nanoTime() < end; i++) {
                        String model = BUDGET_PREFIX + (i % BUDGET_MODELS);
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> answer = predict(replica.url(), model);
                            JsonNode body = StoreJson.mapper().readTree(answer.body());
                            if (answer.statusCode() == 200 && model.equals(body.path("model").asText())) {
                                ok.incrementAndGet();
                            } else {
                                // how long it took tells a load-wait timeout (10 s) from a refusal on the spot
                                failures.add(String.format("%s: %d after %d ms, Retry-After %s: %s", model,
                                        answer.statusCode(), (System.nanoTime() - start) / 1_000_000,
                                        answer.headers().firstValue("Retry-After").orElse("none"), answer.body()));
                            }
                        } catch (Exception e) {
                            failures.add(model + ": " + e);
                        }
                    }
                }, "residency-client-" + c);
                client.start();
                clients.add(client);
            }
            List<Double> residentSamples = new ArrayList<>();
            List<Double> residentModelSamples = new ArrayList<>();
            while (clients.stream().anyMatch(Thread::isAlive)) {
                String metrics = metrics(replica.url());
                residentSamples.add(sum(metrics, "sightline_inference_residency_resident_bytes"));
                residentModelSamples.add(sum(metrics, "sightline_inference_residency_resident_models"));
                Thread.sleep(50); // the sampling cadence, not a wait for anything
            }
            for (Thread client : clients) {
                client.join();
            }
            String metrics = metrics(replica.url());
            double loads = sum(metrics, "sightline_inference_residency_loads_total");
            double evictions = sum(metrics, "sightline_inference_residency_evictions_total");
            double maxResident = residentSamples.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            System.out.printf("residency over processes: budget %d B (model ~%d B), %d clients %d s: %d ok, %d failed;"
                            + " %.0f loads, %.0f evictions; %d samples, max resident %.0f B, max models %.0f%n",
                    budget, modelBytes, CLIENTS, LOAD.toSeconds(), ok.get(), failures.size(), loads, evictions,
                    residentSamples.size(), maxResident,
                    residentModelSamples.stream().mapToDouble(Double::doubleValue).max().orElse(0));

            System.out.println("load waits by outcome: " + metricLines(metrics,
                    "sightline_inference_residency_load_wait_seconds_count"));
            assertThat(ok.get()).as("answered requests").isGreaterThan(2L * BUDGET_MODELS);
            assertThat(sum(metrics, "sightline_inference_residency_budget_bytes")).isEqualTo((double) budget);
            // each of the six loaded at least once into room for two: four evictions at the least
            assertThat(loads).as("loads").isGreaterThan(BUDGET_MODELS);
            assertThat(evictions).as("evictions").isGreaterThanOrEqualTo(BUDGET_MODELS - 2);
            assertThat(residentSamples).as("resident bytes sampled").hasSizeGreaterThan(5);
            assertThat(maxResident).as("resident bytes, max of the samples").isPositive().isLessThanOrEqualTo(budget);
            assertThat(residentModelSamples).as("resident models sampled")
                    .allSatisfy(models -> assertThat(models).isLessThanOrEqualTo(2));
            // last, so that a failed request does not hide what the metrics showed
            assertThat(failures).as("failed requests").isEmpty();
        }
    }

    @Test
    void placementByGlobAndLabelServesItsModelsAndRefusesOthers() throws Exception {
        String other = BUDGET_PREFIX + "0"; // promoted, served by the shared stack, not selected here
        // with payload logging on (issue 19 item 6): every answered request of this replica is a record on the topic
        try (TopicLog payloads = new TopicLog(FaultStack.bootstrap(), Topics.INFERENCE_PAYLOADS);
             Replica replica = startInference(Map.of("sightline.inference.models", "team-a-*,label:team=b",
                     "sightline.inference.payloads.sample", "1"))) {
            for (String model : List.of(TEAM_A, TEAM_B)) {
                HttpResponse<String> answer = Eventually.until(Duration.ofSeconds(30), Duration.ofMillis(200),
                        () -> predict(replica.url(), model), reply -> reply.statusCode() == 200,
                        reply -> model + " never served: " + (reply == null ? "none" : reply.statusCode() + " "
                                + reply.body()) + "\n" + replica.logTail(40));
                assertThat(StoreJson.mapper().readTree(answer.body()).path("model").asText()).isEqualTo(model);
                HttpResponse<String> infer = infer(replica.url(), model);
                assertThat(infer.statusCode()).as("/v2 infer %s: %s", model, infer.body()).isEqualTo(200);
                assertThat(StoreJson.mapper().readTree(infer.body()).path("model_name").asText()).isEqualTo(model);
                for (String endpoint : List.of("predict", "v2")) {
                    TopicLog.Event logged = payloads.await(e -> model.equals(e.key()) && endpoint.equals(
                            e.field("endpoint")), Duration.ofSeconds(30), () -> replica.logTail(40));
                    assertThat(logged.type()).isEqualTo(EventTypes.PAYLOAD_LOGGED);
                    assertThat(logged.field("model")).isEqualTo(model);
                    assertThat(logged.field("imageSha256")).as(logged.value()).hasSize(64);
                }
            }
            for (HttpResponse<String> refused : List.of(predict(replica.url(), other), infer(replica.url(), other))) {
                assertThat(refused.statusCode()).as("%s: %s", refused.uri(), refused.body()).isEqualTo(404);
                assertThat(refused.body()).contains("not served by this deployment");
            }
        }
        // the same model is served where no placement excludes it: the 404 above was the placement's
        assertThat(predict(FaultStack.stack().url(Service.INFERENCE), other).statusCode()).isEqualTo(200);
    }

    /** Copies the probe's version folder to {@code models/<model>/1} through a publication and promotes it. */
    private static void publishAndPromote(FileArtifactStore store, PoisonProducer producer, Path source, String model,
                                          Map<String, String> labels) throws Exception {
        String key = StoreKeys.modelVersion(model, "1");
        try (Publication publication = store.publish(key); Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, publication.directory().resolve(file.getFileName()));
            }
            publication.commit();
        }
        ModelPromoted promoted = new ModelPromoted(UUID.randomUUID().toString(), model, "1", key, "residency-test",
                "shapes", FaultStack.shapesDataset(), 0.0, Instant.now(), labels);
        producer.send(Topics.MODELS, model, EventTypes.MODEL_PROMOTED, StoreJson.mapper().writeValueAsString(promoted));
    }

    private static Replica startInference(Map<String, String> settings) throws IOException, InterruptedException {
        Map<String, String> extra = new HashMap<>(settings);
        extra.put("quarkus.grpc.server.port", Integer.toString(freePort())); // the shared one's is taken
        return FaultStack.stack().startReplica(Service.INFERENCE, freePort(), extra, FaultStack.START_TIMEOUT);
    }

    private static HttpResponse<String> predict(URI inference, String model) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(inference.resolve("/predict/" + model + "?topK=1"))
                        .header("Content-Type", "image/png").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(IMAGE)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /v2/models/{model}/infer}, JSON, one BYTES input {@code image} (base64). */
    private static HttpResponse<String> infer(URI inference, String model) throws IOException, InterruptedException {
        Map<String, Object> image = Map.of("name", "image", "datatype", "BYTES", "shape", List.of(1),
                "data", List.of(Base64.getEncoder().encodeToString(IMAGE)));
        String request = StoreJson.mapper().writeValueAsString(Map.of("inputs", List.of(image)));
        return HTTP.send(HttpRequest.newBuilder(inference.resolve("/v2/models/" + model + "/infer"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics(URI inference) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(inference.resolve("/q/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Sum of a metric's samples over every tag combination in a Prometheus text page. */
    private static double sum(String page, String name) {
        double sum = 0;
        for (String line : page.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
                sum += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static List<String> metricLines(String page, String name) {
        return page.lines().filter(line -> line.startsWith(name)).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
