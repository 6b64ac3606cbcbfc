package io.sightline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.storage.StoreJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A small client of Sightline's public REST APIs, as a user's script would write it. */
public final class SightlineClient {

    /** A response: status code and JSON body ({@code null} when the body was not JSON). */
    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {

        public Reply requireStatus(int... expected) {
            for (int e : expected) {
                if (status == e) {
                    return this;
                }
            }
            throw new IllegalStateException(raw.request().method() + " " + raw.request().uri() + " answered "
                    + status + ": " + raw.body());
        }
    }

    private static final ObjectMapper JSON = StoreJson.mapper();

    private final URI dataset;
    private final URI trainer;
    private final URI inference;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SightlineClient(URI dataset, URI trainer, URI inference) {
        this.dataset = dataset;
        this.trainer = trainer;
        this.inference = inference;
    }

    /** {@code POST /datasets}; the reply's {@code Location} names the version being split. */
    public Reply createDataset(String name, String source, double testRatio, long seed) throws IOException {
        return createDataset(name, source, testRatio, seed, Map.of());
    }

    /** {@code POST /datasets} with layout options or policies, e.g. {@code classNames}. */
    public Reply createDataset(String name, String source, double testRatio, long seed, Map<String, String> options)
            throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("name", name).put("source", source).put("testRatio", testRatio).put("seed", seed);
        options.forEach(body::put);
        return send(HttpRequest.newBuilder(dataset.resolve("/datasets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** {@code GET} on a path of the dataset-service, e.g. a {@code Location} it gave. */
    public Reply datasetResource(String path) throws IOException {
        return get(dataset.resolve(path));
    }

    /** {@code POST /training-jobs}. */
    public Reply startTraining(ObjectNode job) throws IOException {
        return send(HttpRequest.newBuilder(trainer.resolve("/training-jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(job.toString())));
    }

    /** {@code GET} on a path of the trainer-service. */
    public Reply trainerResource(String path) throws IOException {
        return get(trainer.resolve(path));
    }

    /** {@code POST /predict/{model}?topK=k} with encoded image bytes. */
    public Reply predict(String model, byte[] image, String contentType, int topK) throws IOException {
        return send(HttpRequest.newBuilder(inference.resolve("/predict/" + model + "?topK=" + topK))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)));
    }

    /** Polls {@code GET url} until the JSON body satisfies {@code done}; returns that body. */
    public JsonNode await(URI url, Predicate<JsonNode> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Reply reply = get(url);
            if (reply.status() == 200 && reply.body() != null && done.test(reply.body())) {
                return reply.body();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting on " + url + ", last answer " + reply.status()
                        + ": " + reply.raw().body());
            }
            Thread.sleep(300);
        }
    }

    /** A predicate on a JSON status field: {@code status in values}. */
    public static Predicate<JsonNode> statusIn(String... values) {
        Set<String> set = Set.of(values);
        return body -> set.contains(body.path("status").asText());
    }

    public URI datasetUrl() {
        return dataset;
    }

    public URI trainerUrl() {
        return trainer;
    }

    public URI inferenceUrl() {
        return inference;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    Reply get(URI url) throws IOException {
        return send(HttpRequest.newBuilder(url).GET());
    }

    private Reply send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            if (response.headers().firstValue("Content-Type").orElse("").contains("json")) {
                body = JSON.readTree(response.body());
            }
            return new Reply(response.statusCode(), body, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
