package io.sightline.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sightline.events.ModelPromoted;
import io.sightline.events.Topics;
import io.sightline.kit.testing.DeepPng;
import io.sightline.inference.TestModels;
import io.sightline.inference.messaging.CatchUpRebalanceListener;
import io.sightline.inference.messaging.ModelPromotionConsumer;
import io.sightline.storage.ArtifactStore;
import io.sightline.vision.Classifier;
import io.sightline.vision.ModelArtifact;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The HTTP surface over a registry fed through the in-memory connector. The one Quarkus test of this
 * module (PyTorch loads once per JVM; see application.properties).
 */
@QuarkusTest
@QuarkusTestResource(InMemoryRegistryResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InferenceServiceTest {

    static final List<String> CLASSES = List.of("circle", "square", "triangle", "star");

    /** Records sent to the registry channel so far; the next one's offset. */
    static long offset;
    static String shapesKey;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ArtifactStore store;

    @TestHTTPResource
    URI baseUri;

    @Inject
    @Identifier(CatchUpRebalanceListener.NAME)
    KafkaConsumerRebalanceListener rebalanceListener;

    @BeforeEach
    void promoteOnce() throws Exception {
        if (shapesKey == null) {
            shapesKey = TestModels.publish(store, "shapes", "1", CLASSES, 2);
            send(TestModels.promotion("shapes", "1", shapesKey));
            send(TestModels.promotion("ghost", "1", "models/ghost/1")); // never published: cannot load
        }
    }

    /** Sends a promotion as the Kafka connector would deliver it: partition 0, the next offset. */
    void send(ModelPromoted promotion) {
        ConsumerRecord<String, ModelPromoted> record =
                new ConsumerRecord<>(Topics.MODELS, 0, offset++, promotion.model(), promotion);
        connector.<Message<ModelPromoted>>source(ModelPromotionConsumer.CHANNEL)
                .send(Message.of(promotion, Metadata.of(
                        new IncomingKafkaRecordMetadata<>(record, ModelPromotionConsumer.CHANNEL))));
    }

    /** Sends a record whose payload could not be deserialised, as the connector delivers it: a null payload. */
    void sendUnreadable(String key) {
        ConsumerRecord<String, ModelPromoted> record = new ConsumerRecord<>(Topics.MODELS, 0, offset++, key, null);
        connector.<Message<ModelPromoted>>source(ModelPromotionConsumer.CHANNEL)
                .send(Message.of(null, Metadata.of(
                        new IncomingKafkaRecordMetadata<>(record, ModelPromotionConsumer.CHANNEL))));
    }

    @Test
    @Order(1)
    void readyOnlyOnceTheRegistryTopicIsReadAndItsModelsLoaded() {
        // the topic's end is not known yet: the consumer has not been given its partitions
        client().get("/q/health/ready").then().statusCode(503);
        client().get("/v2/health/ready").then().statusCode(503).body("ready", equalTo(false));

        TopicPartition partition = new TopicPartition(Topics.MODELS, 0);
        try (MockConsumer<String, Object> consumer = new MockConsumer<>("earliest")) {
            consumer.assign(List.of(partition));
            consumer.updateBeginningOffsets(Map.of(partition, 0L));
            consumer.updateEndOffsets(Map.of(partition, offset));
            rebalanceListener.onPartitionsAssigned(consumer, List.of(partition));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                client().get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'model-registry' }.status", equalTo("UP")));
        client().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        client().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        client().get("/q/health/live").then().statusCode(200);
    }

    @Test
    @Order(2)
    void predictsTheTopKSortedWithTheClassifiersProbabilities() throws Exception {
        awaitServing("shapes", "1");
        byte[] image = TestModels.png(40, 40);

        Response response = client().contentType("image/png").body(image)
                .post("/predict/shapes").then().statusCode(200).contentType(ContentType.JSON)
                .body("model", equalTo("shapes"))
                .body("version", equalTo("1"))
                .body("latencyMs", notNullValue())
                .extract().response();

        List<Map<String, Object>> predictions = response.jsonPath().getList("predictions");
        assertThat(predictions).hasSize(3); // the default topK
        List<Double> probabilities = predictions.stream()
                .map(p -> ((Number) p.get("probability")).doubleValue()).toList();
        assertThat(probabilities).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(probabilities.stream().mapToDouble(Double::doubleValue).sum()).isLessThanOrEqualTo(1.0 + 1e-6);
        assertThat(predictions.get(0).get("label")).isEqualTo("triangle");
        // a model whose dataset named no classes answers each label as its name
        assertThat(predictions).allSatisfy(p -> assertThat(p.get("name")).isEqualTo(p.get("label")));
        assertThat(response.jsonPath().getDouble("latencyMs")).isPositive();
        try (Classifier direct = ModelArtifact.load(store.localFolder(shapesKey))) {
            float[] expected = direct.probabilities(List.of(direct.preprocessor().preprocess(image)))[0];
            for (Map<String, Object> prediction : predictions) {
                int index = CLASSES.indexOf((String) prediction.get("label"));
                assertThat(((Number) prediction.get("probability")).doubleValue())
                        .isCloseTo(expected[index], within(1e-5));
            }
        }

        client().contentType("image/png").body(image).queryParam("topK", 2)
                .post("/predict/shapes").then().statusCode(200).body("predictions.size()", equalTo(2));
        client().contentType("image/png").body(image).queryParam("topK", 99)
                .post("/predict/shapes").then().statusCode(200).body("predictions.size()", equalTo(CLASSES.size()));
    }

    @Test
    @Order(3)
    void acceptsEveryImageTypeAndMultipart() throws Exception {
        awaitServing("shapes", "1");
        var image = TestModels.disc(30, 20);
        Map<String, byte[]> bodies = Map.of(
                "image/png", TestModels.encode(image, "png"),
                "image/jpeg", TestModels.encode(image, "jpeg"),
                "image/bmp", TestModels.encode(image, "bmp"),
                "image/gif", TestModels.encode(image, "gif"),
                "image/x-portable-pixmap", TestModels.ppm(image),
                "image/x-portable-anymap", TestModels.ppm(image),
                "application/octet-stream", TestModels.encode(image, "png"));
        bodies.forEach((type, body) -> client().contentType(type).body(body)
                .post("/predict/shapes").then().statusCode(200).body("predictions[0].label", equalTo("triangle")));

        client().multiPart("file", "disc.png", TestModels.encode(image, "png"), "image/png")
                .post("/predict/shapes").then().statusCode(200).body("predictions[0].label", equalTo("triangle"));
    }

    @Test
    @Order(4)
    void answersEveryErrorAsJsonWithItsStatus() throws Exception {
        awaitServing("shapes", "1");
        byte[] image = TestModels.png(20, 20);

        client().contentType("image/png").body(image).post("/predict/nope")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", containsString("nope"));
        client().contentType("image/png").body(image).post("/predict/ghost")
                .then().statusCode(503).contentType(ContentType.JSON).header("Retry-After", "7")
                .body("error", containsString("failed to load"));
        client().contentType("image/png").body("not an image".getBytes()).post("/predict/shapes")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", notNullValue());
        client().contentType("image/png").body(TestModels.png(2000, 1000)).post("/predict/shapes")
                .then().statusCode(400)
                .body("error", containsString(Long.toString(InMemoryRegistryResource.MAX_PIXELS)));
        byte[] tooBig = new byte[(int) InMemoryRegistryResource.MAX_REQUEST_BYTES + 1];
        client().contentType("image/png").body(tooBig).post("/predict/shapes")
                .then().statusCode(413).contentType(ContentType.JSON).body("error", containsString("limit"));
        client().multiPart("file", "big.png", tooBig, "image/png").post("/predict/shapes")
                .then().statusCode(413).contentType(ContentType.JSON);
        client().multiPart("other", "disc.png", image, "image/png").post("/predict/shapes")
                .then().statusCode(400).body("error", containsString("'file'"));
        client().contentType("text/plain").body("hello").post("/predict/shapes")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", containsString("image/png"));
        client().contentType("image/png").body(image).queryParam("topK", 0).post("/predict/shapes")
                .then().statusCode(400).body("error", containsString("topK"));
        client().contentType("image/png").body(image).queryParam("topK", "many").post("/predict/shapes")
                .then().statusCode(400).body("error", containsString("topK"));
        client().get("/predict/shapes").then().statusCode(405).contentType(ContentType.JSON);
    }

    @Test
    @Order(5)
    void hotSwapsAndRollsBackOnPromotions() throws Exception {
        String one = TestModels.publish(store, "swap", "1", CLASSES, 0);
        String two = TestModels.publish(store, "swap", "2", CLASSES, 1);
        byte[] image = TestModels.png(16, 16);

        send(TestModels.promotion("swap", "1", one));
        awaitServing("swap", "1");
        send(TestModels.promotion("swap", "2", two));
        awaitServing("swap", "2");
        client().contentType("image/png").body(image).post("/predict/swap")
                .then().statusCode(200).body("version", equalTo("2")).body("predictions[0].label", equalTo("square"));

        send(TestModels.promotion("swap", "1", one));
        awaitServing("swap", "1");
        client().contentType("image/png").body(image).post("/predict/swap")
                .then().statusCode(200).body("version", equalTo("1")).body("predictions[0].label", equalTo("circle"));
    }

    @Test
    @Order(6)
    void listsEachModelsServingVersionAndLastError() {
        awaitServing("shapes", "1");
        // by name, a page at a time: pages of one walk the whole list once, in order
        java.util.List<String> all = client().get("/models").then().statusCode(200).extract().jsonPath()
                .getList("model", String.class);
        java.util.List<String> walked = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var page = client().get("/models?limit=1" + (cursor == null ? "" : "&after=" + cursor))
                    .then().statusCode(200).extract();
            walked.addAll(page.jsonPath().getList("model", String.class));
            cursor = page.header("Next-Cursor");
        } while (cursor != null);
        assertThat(walked).isEqualTo(all).contains("ghost", "shapes").isSorted();
        client().get("/models?limit=many").then().statusCode(400);
        client().get("/models").then().statusCode(200)
                .body("find { it.model == 'shapes' }.state", equalTo("SERVING"))
                .body("find { it.model == 'shapes' }.servingVersion", equalTo("1"))
                .body("find { it.model == 'shapes' }.loadedAt", notNullValue())
                .body("find { it.model == 'shapes' }.classes", equalTo(CLASSES))
                .body("find { it.model == 'shapes' }.classNames", equalTo(null))
                .body("find { it.model == 'ghost' }.state", equalTo("FAILED"))
                .body("find { it.model == 'ghost' }.servingVersion", equalTo(null))
                .body("find { it.model == 'ghost' }.lastError.version", equalTo("1"))
                .body("find { it.model == 'ghost' }.lastError.message", containsString("models/ghost/1"))
                .body("find { it.model == 'ghost' }.failedLoads", equalTo(1));
        client().get("/models/ghost").then().statusCode(200).body("promoted.artifactKey", equalTo("models/ghost/1"));
        client().get("/models/nope").then().statusCode(404).body("error", containsString("nope"));
    }

    @Test
    @Order(7)
    void speaksOpenInferenceProtocolV2() throws Exception {
        awaitServing("shapes", "1");
        int s = TestModels.SIZE;
        client().get("/v2").then().statusCode(200).body("name", equalTo("sightline-inference"));
        client().get("/v2/models/shapes").then().statusCode(200)
                .body("name", equalTo("shapes"))
                .body("versions", equalTo(List.of("1")))
                .body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, 3, s, s)))
                .body("outputs[0].shape", equalTo(List.of(-1, CLASSES.size())));
        client().get("/v2/models/shapes/ready").then().statusCode(200).body("ready", equalTo(true));
        client().get("/v2/models/ghost/ready").then().statusCode(503).body("ready", equalTo(false));
        client().get("/v2/models/nope/ready").then().statusCode(404).body("error", notNullValue());
        client().get("/v2/models/ghost").then().statusCode(503).header("Retry-After", notNullValue());

        float[] zeros = new float[3 * s * s];
        Map<String, Object> request = Map.of("id", "r1", "inputs", List.of(Map.of(
                "name", "input", "datatype", "FP32", "shape", List.of(1, 3, s, s), "data", zeros)));
        Response response = client().contentType(ContentType.JSON).body(request)
                .post("/v2/models/shapes/infer").then().statusCode(200)
                .body("model_name", equalTo("shapes"))
                .body("model_version", equalTo("1"))
                .body("id", equalTo("r1"))
                .body("outputs[0].shape", equalTo(List.of(1, CLASSES.size())))
                .extract().response();
        List<Float> data = response.jsonPath().getList("outputs[0].data", Float.class);
        try (Classifier direct = ModelArtifact.load(store.localFolder(shapesKey))) {
            float[] expected = direct.probabilities(List.of(zeros))[0];
            for (int i = 0; i < expected.length; i++) {
                assertThat(data.get(i)).isCloseTo(expected[i], within(1e-5f));
            }
        }

        client().contentType(ContentType.JSON).body(request).post("/v2/models/shapes/versions/1/infer")
                .then().statusCode(200).body("model_version", equalTo("1"));
        client().contentType(ContentType.JSON).body(request).post("/v2/models/shapes/versions/9/infer")
                .then().statusCode(404).body("error", containsString("version 9"));
        client().get("/v2/models/shapes/versions/1").then().statusCode(200).body("versions", equalTo(List.of("1")));
        client().get("/v2/models/shapes/versions/9").then().statusCode(404);
        client().get("/v2/models/shapes/versions/1/ready").then().statusCode(200).body("ready", equalTo(true));
        client().get("/v2/models/shapes/versions/9/ready").then().statusCode(404);

        Map<String, Object> wrongShape = Map.of("inputs", List.of(Map.of(
                "name", "input", "datatype", "FP32", "shape", List.of(1, 1, s, s), "data", new float[s * s])));
        client().contentType(ContentType.JSON).body(wrongShape).post("/v2/models/shapes/infer")
                .then().statusCode(400).body("error", containsString("[N, 3, " + s + ", " + s + "]"));
        Map<String, Object> wrongType = Map.of("inputs", List.of(Map.of(
                "name", "input", "datatype", "INT8", "shape", List.of(1), "data", List.of(1))));
        client().contentType(ContentType.JSON).body(wrongType).post("/v2/models/shapes/infer")
                .then().statusCode(400).body("error", containsString("FP32"));
        client().contentType(ContentType.JSON).body("{\"inputs\": [").post("/v2/models/shapes/infer")
                .then().statusCode(400);
        client().contentType(ContentType.JSON).body(request).post("/v2/models/nope/infer")
                .then().statusCode(404).body("error", containsString("nope"));
    }

    @Test
    @Order(8)
    void onlyRefusedPredictionsCountAsRequestErrors() throws Exception {
        awaitServing("shapes", "1");
        double before = errorCount("unknown_model");

        // registry and metadata lookups of a model never promoted: 404, but no failed prediction
        client().get("/models/nope").then().statusCode(404);
        client().get("/v2/models/nope").then().statusCode(404);
        client().get("/v2/models/nope/ready").then().statusCode(404);
        assertThat(errorCount("unknown_model")).isEqualTo(before);

        client().contentType("image/png").body(TestModels.png(20, 20)).post("/predict/nope").then().statusCode(404);
        assertThat(errorCount("unknown_model")).isEqualTo(before + 1);
    }

    @Test
    @Order(9)
    void oipBytesInputsCarryBase64ImagesAndRoundTrip() throws Exception {
        awaitServing("shapes", "1");
        client().get("/v2/models/shapes").then().statusCode(200)
                // issue 18: the image input is listed as the alternative of 'input', not as a second input
                .body("parameters.alternative_inputs[0].name", equalTo("image"))
                .body("parameters.alternative_inputs[0].datatype", equalTo("BYTES"))
                .body("parameters.alternative_inputs[0].shape", equalTo(List.of(-1)))
                .body("outputs[0].datatype", equalTo("FP32"))
                .body("classes", equalTo(CLASSES));
        byte[] first = TestModels.png(40, 40);
        byte[] second = TestModels.encode(TestModels.disc(30, 20), "jpeg");
        Map<String, Object> request = Map.of("id", "b1", "inputs", List.of(Map.of(
                "name", "image", "datatype", "BYTES", "shape", List.of(2),
                "data", List.of(Base64.getEncoder().encodeToString(first),
                        Base64.getEncoder().encodeToString(second)))));

        Response response = client().contentType(ContentType.JSON).body(request)
                .post("/v2/models/shapes/infer").then().statusCode(200)
                .body("model_name", equalTo("shapes"))
                .body("id", equalTo("b1"))
                .body("outputs[0].name", equalTo("probabilities"))
                .body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", equalTo(List.of(2, CLASSES.size())))
                .extract().response();

        List<Float> data = response.jsonPath().getList("outputs[0].data", Float.class);
        try (Classifier direct = ModelArtifact.load(store.localFolder(shapesKey))) {
            float[][] expected = direct.probabilities(List.of(direct.preprocessor().preprocess(first),
                    direct.preprocessor().preprocess(second)));
            for (int row = 0; row < 2; row++) {
                for (int i = 0; i < CLASSES.size(); i++) {
                    assertThat(data.get(row * CLASSES.size() + i)).isCloseTo(expected[row][i], within(1e-5f));
                }
            }
        }

        Map<String, Object> notBase64 = Map.of("inputs", List.of(Map.of(
                "name", "image", "datatype", "BYTES", "shape", List.of(1), "data", List.of("%%%"))));
        client().contentType(ContentType.JSON).body(notBase64).post("/v2/models/shapes/infer")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString("base64"));
        Map<String, Object> notImage = Map.of("inputs", List.of(Map.of(
                "name", "image", "datatype", "BYTES", "shape", List.of(1),
                "data", List.of(Base64.getEncoder().encodeToString("hello".getBytes())))));
        client().contentType(ContentType.JSON).body(notImage).post("/v2/models/shapes/infer")
                .then().statusCode(400).body("error", notNullValue());
        Map<String, Object> countMismatch = Map.of("inputs", List.of(Map.of(
                "name", "image", "datatype", "BYTES", "shape", List.of(3),
                "data", List.of(Base64.getEncoder().encodeToString(first)))));
        client().contentType(ContentType.JSON).body(countMismatch).post("/v2/models/shapes/infer")
                .then().statusCode(400).body("error", containsString("3 images"));
        Map<String, Object> twoInputs = Map.of("inputs", List.of(
                Map.of("name", "image", "datatype", "BYTES", "shape", List.of(1), "data", List.of("")),
                Map.of("name", "image", "datatype", "BYTES", "shape", List.of(1), "data", List.of(""))));
        client().contentType(ContentType.JSON).body(twoInputs).post("/v2/models/shapes/infer")
                .then().statusCode(400).body("error", containsString("exactly one"));
    }

    @Test
    @Order(10)
    void predictionAndAdminNeedTheBearerTokenReadsDoNot() throws Exception {
        awaitServing("shapes", "1");
        byte[] image = TestModels.png(20, 20);
        given().contentType("image/png").body(image).post("/predict/shapes")
                .then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("bearer token"));
        given().header("Authorization", "Bearer wrong").contentType("image/png").body(image).post("/predict/shapes")
                .then().statusCode(401).contentType(ContentType.JSON).body("error", containsString("invalid"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").contentType("image/png").body(image)
                .post("/predict/shapes").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of()))
                .post("/v2/models/shapes/infer").then().statusCode(401);
        given().post("/admin/models/shapes/unload").then().statusCode(401).body("error", notNullValue());
        given().header("Authorization", "Bearer wrong").post("/admin/models/shapes/load").then().statusCode(401);

        // reading is open
        given().get("/models/shapes").then().statusCode(200);
        given().get("/v2/models/shapes").then().statusCode(200);
        given().get("/v2/health/ready").then().statusCode(200);
        given().header("Authorization", "Bearer wrong").get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(11)
    void adminUnloadsAndLoadsModels() throws Exception {
        awaitServing("swap", "1");
        byte[] image = TestModels.png(16, 16);

        client().post("/admin/models/swap/unload").then().statusCode(200)
                .body("state", equalTo("UNLOADED")).body("servingVersion", equalTo(null));
        client().contentType("image/png").body(image).post("/predict/swap")
                .then().statusCode(503).header("Retry-After", "7").body("error", containsString("unloaded"));
        client().get("/v2/models/swap/ready").then().statusCode(503);

        client().post("/admin/models/swap/load").then().statusCode(202).body("model", equalTo("swap"));
        awaitServing("swap", "1");
        client().post("/admin/models/swap/load?version=2").then().statusCode(202);
        awaitServing("swap", "2");
        client().contentType("image/png").body(image).post("/predict/swap")
                .then().statusCode(200).body("version", equalTo("2")).body("predictions[0].label", equalTo("square"));

        client().post("/admin/models/nope/unload").then().statusCode(404);
        client().post("/admin/models/nope/load").then().statusCode(404);
        client().post("/admin/models/swap/load?version=..").then().statusCode(400);
        client().get("/admin/models/swap/load").then().statusCode(405);
    }

    @Test
    @Order(12)
    void anOversizedChunkedUploadIsRefusedWhileStillStreaming() throws Exception {
        awaitServing("shapes", "1");
        double refusedBefore = errorCount("too_large");
        // a chunked upload that passes the limit and then pauses before its last chunk: a server that
        // buffered bodies whole would still be waiting; ours reads the stream and refuses it at the limit
        try (Socket socket = new Socket(baseUri.getHost(), baseUri.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /predict/shapes HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Authorization: Bearer " + InMemoryRegistryResource.TOKEN + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            long sent = 0;
            while (sent <= InMemoryRegistryResource.MAX_REQUEST_BYTES + chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += chunk.length;
            }
            out.flush();

            await().atMost(Duration.ofSeconds(20)).until(() -> errorCount("too_large") > refusedBefore);

            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // the server drains the rest first
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            Map<String, String> headers = new HashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.put(line.substring(0, line.indexOf(':')).toLowerCase(), line.substring(line.indexOf(':') + 1).strip());
            }
            assertThat(headers.get("content-type")).startsWith("application/json");
            char[] body = new char[Integer.parseInt(headers.get("content-length"))];
            assertThat(in.read(body)).isPositive();
            assertThat(new String(body)).contains("\"error\"")
                    .contains(Long.toString(InMemoryRegistryResource.MAX_REQUEST_BYTES));
        }
    }

    /** The request errors counted so far with {@code cause} (0 before the first). */
    static double errorCount(String cause) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("sightline_inference_request_errors_total{cause=\"" + cause + "\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    @Order(13)
    void hotSwapsUnderLoadWithoutAFailedRequest() throws Exception {
        String one = TestModels.publish(store, "busy", "1", CLASSES, 0);
        String two = TestModels.publish(store, "busy", "2", CLASSES, 1);
        send(TestModels.promotion("busy", "1", one));
        awaitServing("busy", "1");
        byte[] image = TestModels.png(16, 16);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    Response response = client().contentType("image/png").body(image).post("/predict/busy");
                    String version = response.statusCode() == 200 ? response.jsonPath().getString("version") : null;
                    String label = version == null ? null : response.jsonPath().getString("predictions[0].label");
                    if (version == null || !label.equals(version.equals("1") ? "circle" : "square")) {
                        failures.add(response.statusCode() + " " + response.asString());
                    }
                    answered.incrementAndGet();
                }
            }));
        }
        for (int swap = 0; swap < 6; swap++) {
            int before = answered.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= before + 25);
            String version = swap % 2 == 0 ? "2" : "1";
            send(TestModels.promotion("busy", version, version.equals("2") ? two : one));
            awaitServing("busy", version);
        }
        stop.set(true);
        for (Future<?> client : running) {
            client.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        assertThat(answered.get()).isGreaterThanOrEqualTo(150);
    }

    @Test
    @Order(14)
    void aModelWhoseOnlyRecordIsUnreadableServesTheStoresChampion() throws Exception {
        TestModels.publish(store, "fallback", "1", CLASSES, 3);
        TestModels.writeChampion(store, "fallback", "1");

        sendUnreadable("fallback");

        awaitServing("fallback", "1");
        client().contentType("image/png").body(TestModels.png(16, 16)).post("/predict/fallback")
                .then().statusCode(200).body("version", equalTo("1")).body("predictions[0].label", equalTo("star"));
        assertThat(client().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("sightline_inference_champion_fallbacks_total{outcome=\"served\"} 1.0")
                .contains("sightline_inference_promotions_ignored_total{reason=\"unreadable\"} 1.0");

        sendUnreadable("fallback-none"); // no champion in the store: stays unknown, nothing breaks
        await().atMost(Duration.ofSeconds(30)).until(() -> client().get("/q/metrics").then().extract().asString()
                .contains("sightline_inference_champion_fallbacks_total{outcome=\"no_champion\"}"));
        client().get("/models/fallback-none").then().statusCode(404);
        client().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(15)
    void aModelWithClassNamesAnswersEachPredictionsName() throws Exception {
        List<String> ids = List.of("00000", "00014", "00017");
        List<String> names = List.of("Speed limit (20km/h)", "Stop", "No entry");
        String key = TestModels.publishNamed(store, "signs", "1", ids, names, 1);
        send(TestModels.promotion("signs", "1", key));
        awaitServing("signs", "1");

        client().contentType("image/png").body(TestModels.png(16, 16)).queryParam("topK", 3).post("/predict/signs")
                .then().statusCode(200)
                .body("predictions[0].label", equalTo("00014"))
                .body("predictions[0].name", equalTo("Stop"))
                .body("predictions.find { it.label == '00000' }.name", equalTo("Speed limit (20km/h)"))
                .body("predictions[0].probability", notNullValue());
        client().get("/models/signs").then().statusCode(200)
                .body("classes", equalTo(ids))
                .body("classNames", equalTo(names));
    }

    @Test
    @Order(16)
    void aDeepPngIsRefusedFromItsHeaderAndTheServiceStaysHealthy() throws Exception {
        awaitServing("shapes", "1");
        byte[] deep = DeepPng.bytes();
        assertThat(deep.length).isLessThan(1 << 20);

        client().contentType("image/png").body(deep).post("/predict/shapes")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString("10000x10000 pixels of 8 bytes"))
                .body("error", containsString("limit of 256 MiB"));
        String bytes = "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\""
                + java.util.Base64.getEncoder().encodeToString(deep) + "\"]}]}";
        client().contentType(ContentType.JSON).body(bytes).post("/v2/models/shapes/infer")
                .then().statusCode(anyOf(equalTo(400), equalTo(413))); // base64 makes it 1.3 MB: over the limit

        client().contentType("image/png").body(TestModels.png(16, 16)).post("/predict/shapes")
                .then().statusCode(200).body("model", equalTo("shapes"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    @Order(17)
    void aPromotionNamingAnArtefactOutsideItsModelsFolderIsRefusedAndNothingLoads() throws Exception {
        awaitServing("shapes", "1");
        double refusedBefore = ignoredCount("foreign_artifact");
        // another model's real artefact, a path out of the folder, a path out of the store
        send(TestModels.promotion("intruder", "1", shapesKey));
        send(TestModels.promotion("intruder", "2", "models/intruder/../shapes/1"));
        send(TestModels.promotion("intruder", "3", "/etc"));

        await().atMost(Duration.ofSeconds(10)).until(() -> ignoredCount("foreign_artifact") >= refusedBefore + 3);
        client().get("/models/intruder").then().statusCode(404);
        client().contentType("image/png").body(TestModels.png(16, 16)).post("/predict/intruder")
                .then().statusCode(404);
        client().get("/models/shapes").then().statusCode(200).body("servingVersion", equalTo("1"));
    }

    /** Registry records ignored so far with {@code reason} (0 before the first). */
    static double ignoredCount(String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("sightline_inference_promotions_ignored_total{reason=\"" + reason + "\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    @Order(20)
    void publishesMetricsAndOpenApi() {
        awaitServing("shapes", "1");
        client().contentType("image/png").body("x".getBytes()).post("/predict/shapes").then().statusCode(400);

        String metrics = client().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("sightline_inference_request_duration_seconds_bucket{model=\"shapes\"")
                .contains("sightline_inference_model_serving{model=\"shapes\",version=\"1\"} 1.0")
                .contains("sightline_inference_request_errors_total{cause=\"invalid_image\"}")
                .contains("sightline_inference_model_loads_total{model=\"ghost\",outcome=\"failure\"}")
                .contains("sightline_inference_queue_wait_seconds_bucket{model=\"shapes\"")
                .contains("sightline_inference_batch_size_bucket{model=\"shapes\",le=\"1.0\"}")
                .contains("sightline_inference_queue_depth{model=\"shapes\"}")
                .contains("sightline_inference_request_errors_total{cause=\"unauthorized\"}");
        Response openApi = client().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/predict/{model}'.post.responses.'429'", notNullValue())
                .body("paths.'/v2/models/{model}/infer'.post.security", notNullValue())
                .body("paths.'/admin/models/{model}/load'.post", notNullValue())
                .body("paths.'/admin/models/{model}/unload'.post", notNullValue())
                .extract().response();
        // every endpoint of this service is documented with a summary
        Map<String, Map<String, Map<String, Object>>> paths = openApi.jsonPath().getMap("paths");
        assertThat(paths.keySet()).contains("/predict/{model}", "/models", "/models/{model}", "/v2", "/v2/health/live",
                "/v2/health/ready", "/v2/models/{model}", "/v2/models/{model}/ready", "/v2/models/{model}/infer",
                "/admin/models/{model}/load", "/admin/models/{model}/unload", "/v2/models/{model}/versions/{version}",
                "/v2/models/{model}/versions/{version}/ready", "/v2/models/{model}/versions/{version}/infer");
        paths.forEach((path, operations) -> operations.forEach((method, operation) ->
                assertThat(operation).as(method + " " + path).containsKey("summary")));
    }

    /** A request carrying the configured bearer token. */
    static RequestSpecification client() {
        return given().header("Authorization", "Bearer " + InMemoryRegistryResource.TOKEN);
    }

    static void awaitServing(String model, String version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                client().get("/models/" + model).then().statusCode(200)
                        .body("servingVersion", equalTo(version))
                        .body("state", equalTo("SERVING")));
    }
}
