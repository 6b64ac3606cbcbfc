package io.sightline.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sightline.events.ModelPromoted;
import io.sightline.events.Topics;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    @Test
    @Order(1)
    void readyOnlyOnceTheRegistryTopicIsReadAndItsModelsLoaded() {
        // the topic's end is not known yet: the consumer has not been given its partitions
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/v2/health/ready").then().statusCode(503).body("ready", equalTo(false));

        TopicPartition partition = new TopicPartition(Topics.MODELS, 0);
        try (MockConsumer<String, Object> consumer = new MockConsumer<>("earliest")) {
            consumer.assign(List.of(partition));
            consumer.updateBeginningOffsets(Map.of(partition, 0L));
            consumer.updateEndOffsets(Map.of(partition, offset));
            rebalanceListener.onPartitionsAssigned(consumer, List.of(partition));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'model-registry' }.status", equalTo("UP")));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    @Order(2)
    void predictsTheTopKSortedWithTheClassifiersProbabilities() throws Exception {
        awaitServing("shapes", "1");
        byte[] image = TestModels.png(40, 40);

        Response response = given().contentType("image/png").body(image)
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
        assertThat(response.jsonPath().getDouble("latencyMs")).isPositive();
        try (Classifier direct = ModelArtifact.load(store.localFolder(shapesKey))) {
            float[] expected = direct.probabilities(List.of(direct.preprocessor().preprocess(image)))[0];
            for (Map<String, Object> prediction : predictions) {
                int index = CLASSES.indexOf((String) prediction.get("label"));
                assertThat(((Number) prediction.get("probability")).doubleValue())
                        .isCloseTo(expected[index], within(1e-5));
            }
        }

        given().contentType("image/png").body(image).queryParam("topK", 2)
                .post("/predict/shapes").then().statusCode(200).body("predictions.size()", equalTo(2));
        given().contentType("image/png").body(image).queryParam("topK", 99)
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
        bodies.forEach((type, body) -> given().contentType(type).body(body)
                .post("/predict/shapes").then().statusCode(200).body("predictions[0].label", equalTo("triangle")));

        given().multiPart("file", "disc.png", TestModels.encode(image, "png"), "image/png")
                .post("/predict/shapes").then().statusCode(200).body("predictions[0].label", equalTo("triangle"));
    }

    @Test
    @Order(4)
    void answersEveryErrorAsJsonWithItsStatus() throws Exception {
        awaitServing("shapes", "1");
        byte[] image = TestModels.png(20, 20);

        given().contentType("image/png").body(image).post("/predict/nope")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", containsString("nope"));
        given().contentType("image/png").body(image).post("/predict/ghost")
                .then().statusCode(503).contentType(ContentType.JSON).header("Retry-After", "7")
                .body("error", containsString("failed to load"));
        given().contentType("image/png").body("not an image".getBytes()).post("/predict/shapes")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", notNullValue());
        given().contentType("image/png").body(TestModels.png(2000, 1000)).post("/predict/shapes")
                .then().statusCode(400)
                .body("error", containsString(Long.toString(InMemoryRegistryResource.MAX_PIXELS)));
        byte[] tooBig = new byte[(int) InMemoryRegistryResource.MAX_REQUEST_BYTES + 1];
        given().contentType("image/png").body(tooBig).post("/predict/shapes")
                .then().statusCode(413).contentType(ContentType.JSON).body("error", containsString("limit"));
        given().multiPart("file", "big.png", tooBig, "image/png").post("/predict/shapes")
                .then().statusCode(413).contentType(ContentType.JSON);
        given().multiPart("other", "disc.png", image, "image/png").post("/predict/shapes")
                .then().statusCode(400).body("error", containsString("'file'"));
        given().contentType("text/plain").body("hello").post("/predict/shapes")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", containsString("image/png"));
        given().contentType("image/png").body(image).queryParam("topK", 0).post("/predict/shapes")
                .then().statusCode(400).body("error", containsString("topK"));
        given().contentType("image/png").body(image).queryParam("topK", "many").post("/predict/shapes")
                .then().statusCode(400).body("error", containsString("topK"));
        given().get("/predict/shapes").then().statusCode(405).contentType(ContentType.JSON);
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
        given().contentType("image/png").body(image).post("/predict/swap")
                .then().statusCode(200).body("version", equalTo("2")).body("predictions[0].label", equalTo("square"));

        send(TestModels.promotion("swap", "1", one));
        awaitServing("swap", "1");
        given().contentType("image/png").body(image).post("/predict/swap")
                .then().statusCode(200).body("version", equalTo("1")).body("predictions[0].label", equalTo("circle"));
    }

    @Test
    @Order(6)
    void listsEachModelsServingVersionAndLastError() {
        awaitServing("shapes", "1");
        given().get("/models").then().statusCode(200)
                .body("find { it.model == 'shapes' }.state", equalTo("SERVING"))
                .body("find { it.model == 'shapes' }.servingVersion", equalTo("1"))
                .body("find { it.model == 'shapes' }.loadedAt", notNullValue())
                .body("find { it.model == 'shapes' }.classes", equalTo(CLASSES))
                .body("find { it.model == 'ghost' }.state", equalTo("FAILED"))
                .body("find { it.model == 'ghost' }.servingVersion", equalTo(null))
                .body("find { it.model == 'ghost' }.lastError.version", equalTo("1"))
                .body("find { it.model == 'ghost' }.lastError.message", containsString("models/ghost/1"))
                .body("find { it.model == 'ghost' }.failedLoads", equalTo(1));
        given().get("/models/ghost").then().statusCode(200).body("promoted.artifactKey", equalTo("models/ghost/1"));
        given().get("/models/nope").then().statusCode(404).body("error", containsString("nope"));
    }

    @Test
    @Order(7)
    void speaksOpenInferenceProtocolV2() throws Exception {
        awaitServing("shapes", "1");
        int s = TestModels.SIZE;
        given().get("/v2").then().statusCode(200).body("name", equalTo("sightline-inference"));
        given().get("/v2/models/shapes").then().statusCode(200)
                .body("name", equalTo("shapes"))
                .body("versions", equalTo(List.of("1")))
                .body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, 3, s, s)))
                .body("outputs[0].shape", equalTo(List.of(-1, CLASSES.size())));
        given().get("/v2/models/shapes/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/ghost/ready").then().statusCode(503).body("ready", equalTo(false));
        given().get("/v2/models/nope/ready").then().statusCode(404).body("error", notNullValue());
        given().get("/v2/models/ghost").then().statusCode(503).header("Retry-After", notNullValue());

        float[] zeros = new float[3 * s * s];
        Map<String, Object> request = Map.of("id", "r1", "inputs", List.of(Map.of(
                "name", "input", "datatype", "FP32", "shape", List.of(1, 3, s, s), "data", zeros)));
        Response response = given().contentType(ContentType.JSON).body(request)
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

        Map<String, Object> wrongShape = Map.of("inputs", List.of(Map.of(
                "name", "input", "datatype", "FP32", "shape", List.of(1, 1, s, s), "data", new float[s * s])));
        given().contentType(ContentType.JSON).body(wrongShape).post("/v2/models/shapes/infer")
                .then().statusCode(400).body("error", containsString("[N, 3, " + s + ", " + s + "]"));
        Map<String, Object> wrongType = Map.of("inputs", List.of(Map.of(
                "name", "input", "datatype", "INT8", "shape", List.of(1), "data", List.of(1))));
        given().contentType(ContentType.JSON).body(wrongType).post("/v2/models/shapes/infer")
                .then().statusCode(400).body("error", containsString("FP32"));
        given().contentType(ContentType.JSON).body("{\"inputs\": [").post("/v2/models/shapes/infer")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(request).post("/v2/models/nope/infer")
                .then().statusCode(404).body("error", containsString("nope"));
    }

    @Test
    @Order(8)
    void publishesMetricsAndOpenApi() {
        awaitServing("shapes", "1");
        given().contentType("image/png").body("x".getBytes()).post("/predict/shapes").then().statusCode(400);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("sightline_inference_request_duration_seconds_bucket{model=\"shapes\"")
                .contains("sightline_inference_model_serving{model=\"shapes\",version=\"1\"} 1.0")
                .contains("sightline_inference_request_errors_total{cause=\"invalid_image\"}")
                .contains("sightline_inference_model_loads_total{model=\"ghost\",outcome=\"failure\"}");
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/predict/{model}'", notNullValue())
                .body("paths.'/v2/models/{model}/infer'", notNullValue());
    }

    static void awaitServing(String model, String version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/models/" + model).then().statusCode(200)
                        .body("servingVersion", equalTo(version))
                        .body("state", equalTo("SERVING")));
    }
}
