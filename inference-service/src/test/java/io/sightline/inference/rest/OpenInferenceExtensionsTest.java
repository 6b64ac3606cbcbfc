package io.sightline.inference.rest;

import static io.restassured.RestAssured.given;
import static io.sightline.inference.rest.InferenceServiceTest.CLASSES;
import static io.sightline.inference.rest.InferenceServiceTest.awaitServing;
import static io.sightline.inference.rest.InferenceServiceTest.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.inference.TestModels;
import io.sightline.inference.messaging.ModelPromotionConsumer;
import io.sightline.storage.ArtifactStore;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The /v2 surface as standard clients speak it: requests built here byte for byte as the protocol's examples,
 * tritonclient (binary tensors, no Content-Type) and KServe's InferenceRESTClient (application/octet-stream) send
 * them; other datatypes, requested outputs, classification, hostile shapes, the repository and statistics.
 */
@QuarkusTest
@QuarkusTestResource(InMemoryRegistryResource.class)
class OpenInferenceExtensionsTest {

    static final String MODEL = "oipx";
    static final int S = TestModels.SIZE;
    static final int ROW = 3 * S * S;
    static boolean published;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ArtifactStore store;

    @TestHTTPResource
    URI baseUri;

    @BeforeEach
    void publishOnce() throws Exception {
        if (!published) {
            String key = TestModels.publish(store, MODEL, "1", CLASSES, 2);
            // no Kafka metadata: the promotion is not counted against the topic's catch-up
            connector.source(ModelPromotionConsumer.CHANNEL).send(Message.of(TestModels.promotion(MODEL, "1", key)));
            published = true;
        }
        awaitServing(MODEL, "1");
    }

    /** Values 0, 1, 2 repeated: exact in every datatype, so every conversion must give the FP32 answer. */
    static float[] row() {
        float[] values = new float[ROW];
        for (int i = 0; i < ROW; i++) {
            values[i] = i % 3;
        }
        return values;
    }

    static byte[] concat(byte[]... parts) {
        int total = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(total);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    static byte[] littleEndian(float[] values, String datatype) {
        int size = switch (datatype) {
            case "FP64" -> 8;
            case "FP32" -> 4;
            case "FP16" -> 2;
            default -> 1;
        };
        ByteBuffer out = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            switch (datatype) {
                case "FP64" -> out.putDouble(value);
                case "FP32" -> out.putFloat(value);
                case "FP16" -> out.putShort((short) (value == 0 ? 0 : value == 1 ? 0x3c00 : 0x4000)); // 0, 1.0, 2.0
                default -> out.put((byte) value);
            }
        }
        return out.array();
    }

    /** A POST sent as the clients send it: exactly these headers (java.net.http adds no Content-Type). */
    HttpResponse<byte[]> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .header("Authorization", "Bearer " + InMemoryRegistryResource.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The JSON header of an answer (all of it when it has no binary part). */
    JsonNode header(HttpResponse<byte[]> response) throws Exception {
        int length = response.headers().firstValue("Inference-Header-Content-Length").map(Integer::parseInt)
                .orElse(response.body().length);
        return json.readTree(Arrays.copyOf(response.body(), length));
    }

    static float[] floats(byte[] body, int from, int count) {
        float[] out = new float[count];
        ByteBuffer.wrap(body, from, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    float[] jsonAnswer(float[] values) throws Exception {
        String request = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + S + "," + S + "],\"datatype\":\"FP32\","
                + "\"data\":" + Arrays.toString(values) + "}]}";
        HttpResponse<byte[]> response = post("/v2/models/" + MODEL + "/infer", request.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode output = json.readTree(response.body()).get("outputs").get(0);
        float[] out = new float[output.get("data").size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = output.get("data").get(i).floatValue();
        }
        return out;
    }

    @Test
    void advertisesItsExtensionsAndModelConfiguration() {
        client().get("/v2").then().statusCode(200)
                .body("extensions", hasItems("binary_tensor_data", "classification", "model_repository",
                        "statistics", "model_configuration"));
        client().get("/v2/models/" + MODEL).then().statusCode(200)
                .body("inputs.name", equalTo(List.of("input")))
                .body("parameters.alternative_inputs[0].name", equalTo("image"))
                .body("parameters.alternative_inputs[0].datatype", equalTo("BYTES"));
        client().get("/v2/models/" + MODEL + "/config").then().statusCode(200)
                .body("name", equalTo(MODEL))
                .body("max_batch_size", equalTo(16))
                .body("input[0].dims", equalTo(List.of(3, S, S)))
                .body("input[0].format", equalTo("FORMAT_NCHW"))
                .body("output[0].dims", equalTo(List.of(CLASSES.size())));
        client().get("/v2/models/nope/config").then().statusCode(404);
    }

    @Test
    void tritonClientBinaryRequestWithoutContentTypeMatchesTheJsonAnswer() throws Exception {
        float[] expected = jsonAnswer(row());
        byte[] tensor = littleEndian(row(), "FP32");
        // as tritonclient.http builds it: JSON header, then the tensor; no Content-Type
        byte[] header = ("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + S + "," + S + "],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + tensor.length + "}}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post("/v2/models/" + MODEL + "/infer", concat(header, tensor),
                "Inference-Header-Content-Length", Integer.toString(header.length));

        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode answer = header(response);
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode output = answer.get("outputs").get(0);
        assertThat(output.get("datatype").asText()).isEqualTo("FP32");
        assertThat(output.get("parameters").get("binary_data_size").asInt()).isEqualTo(CLASSES.size() * 4);
        assertThat(output.has("data")).isFalse();
        assertThat(response.body().length).isEqualTo(jsonLength + CLASSES.size() * 4);
        assertThat(floats(response.body(), jsonLength, CLASSES.size())).containsExactly(expected);
    }

    @Test
    void kserveClientOctetStreamRequestIsAnsweredInBinaryWhenAsked() throws Exception {
        float[] expected = jsonAnswer(row());
        byte[] tensor = littleEndian(row(), "FP32");
        // as KServe's InferenceRESTClient sends binary tensors: octet-stream, binary_data_output on the request
        byte[] header = ("{\"id\":\"k1\",\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + S + "," + S + "],"
                + "\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + tensor.length + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post("/v2/models/" + MODEL + "/infer", concat(header, tensor),
                "Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", Integer.toString(header.length));
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/octet-stream");
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        assertThat(header(response).get("id").asText()).isEqualTo("k1");
        assertThat(floats(response.body(), jsonLength, CLASSES.size())).containsExactly(expected);

        // the binary part must be exactly what the inputs declare
        HttpResponse<byte[]> extra = post("/v2/models/" + MODEL + "/infer", concat(header, tensor, new byte[3]),
                "Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", Integer.toString(header.length));
        assertThat(extra.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> beyond = post("/v2/models/" + MODEL + "/infer", header,
                "Inference-Header-Content-Length", Integer.toString(header.length + 1));
        assertThat(beyond.statusCode()).isEqualTo(400);
    }

    @Test
    void rawBinaryBodiesAreOneInput() throws Exception {
        float[] expected = jsonAnswer(row());
        HttpResponse<byte[]> tensor = post("/v2/models/" + MODEL + "/infer", littleEndian(row(), "FP32"),
                "Content-Type", "application/octet-stream", "Inference-Header-Content-Length", "0");
        assertThat(tensor.statusCode()).isEqualTo(200);
        int jsonLength = Integer.parseInt(tensor.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        assertThat(floats(tensor.body(), jsonLength, CLASSES.size())).containsExactly(expected);

        HttpResponse<byte[]> image = post("/v2/models/" + MODEL + "/infer", TestModels.png(20, 20),
                "Inference-Header-Content-Length", "0");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(header(image).get("outputs").get(0).get("shape").toString()).isEqualTo("[1," + CLASSES.size() + "]");
    }

    @Test
    void otherDatatypesAreConvertedToTheFp32Answer() throws Exception {
        float[] expected = jsonAnswer(row());
        for (String datatype : List.of("FP64", "FP16", "UINT8", "INT8")) {
            byte[] tensor = littleEndian(row(), datatype);
            byte[] header = ("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + S + "," + S + "],\"datatype\":\""
                    + datatype + "\",\"parameters\":{\"binary_data_size\":" + tensor.length + "}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> response = post("/v2/models/" + MODEL + "/infer", concat(header, tensor),
                    "Inference-Header-Content-Length", Integer.toString(header.length));
            assertThat(response.statusCode()).as(datatype).isEqualTo(200);
            JsonNode data = header(response).get("outputs").get(0).get("data");
            for (int i = 0; i < expected.length; i++) {
                assertThat(data.get(i).floatValue()).as(datatype).isEqualTo(expected[i]);
            }
        }
        // JSON data of a numpy FP64 array
        String fp64 = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + S + "," + S + "],\"datatype\":\"FP64\","
                + "\"data\":" + Arrays.toString(row()) + "}]}";
        client().contentType(ContentType.JSON).body(fp64).post("/v2/models/" + MODEL + "/infer").then()
                .statusCode(200);
        client().contentType(ContentType.JSON).body(fp64.replace("FP64", "BOOL"))
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                .body("error", containsString("accepted: FP16, FP32, FP64, UINT8"));
    }

    @Test
    void requestedOutputsAndClassification() throws Exception {
        String input = "{\"name\":\"input\",\"shape\":[2,3," + S + "," + S + "],\"datatype\":\"FP32\",\"data\":"
                + Arrays.toString(concatFloats(row(), row())) + "}";
        client().contentType(ContentType.JSON)
                .body("{\"inputs\":[" + input + "],\"outputs\":[{\"name\":\"logits\"}]}")
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                .body("error", containsString("unknown output 'logits'"));
        client().contentType(ContentType.JSON)
                .body("{\"inputs\":[" + input + "],\"outputs\":[{\"name\":\"probabilities\","
                        + "\"parameters\":{\"classification\":2}}]}")
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(200)
                .body("outputs[0].name", equalTo("probabilities"))
                .body("outputs[0].datatype", equalTo("BYTES"))
                .body("outputs[0].shape", equalTo(List.of(2, 2)))
                .body("outputs[0].data[0]", org.hamcrest.Matchers.matchesPattern("1\\.0+:2:triangle|0\\.9\\d+:2:triangle"))
                .body("outputs[0].data[2]", org.hamcrest.Matchers.matchesPattern("\\d\\.\\d{6}:2:triangle"));

        // as Triton's image client asks: class_count, binary answer of length-prefixed elements
        byte[] header = ("{\"inputs\":[" + input + "],\"outputs\":[{\"name\":\"probabilities\","
                + "\"parameters\":{\"class_count\":1,\"binary_data\":true}}]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post("/v2/models/" + MODEL + "/infer", header,
                "Inference-Header-Content-Length", Integer.toString(header.length));
        assertThat(response.statusCode()).isEqualTo(200);
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        ByteBuffer tail = ByteBuffer.wrap(response.body(), jsonLength, response.body().length - jsonLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2; i++) {
            byte[] element = new byte[tail.getInt()];
            tail.get(element);
            assertThat(new String(element, StandardCharsets.UTF_8)).endsWith(":2:triangle");
        }
        assertThat(tail.hasRemaining()).isFalse();
    }

    static float[] concatFloats(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void inputsAreChosenByNameAndBytesMayBeBinary() throws Exception {
        client().contentType(ContentType.JSON)
                .body("{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}")
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                .body("error", containsString("unknown input 'pixels'"));
        client().contentType(ContentType.JSON)
                .body("{\"inputs\":[{\"name\":\"image\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}")
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                .body("error", containsString("BYTES"));
        // BYTES as the binary extension defines it: each element a 4-byte little-endian length, then the bytes
        byte[] png = TestModels.png(24, 24);
        byte[] elements = ByteBuffer.allocate(8 + 2 * png.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(png.length).put(png).putInt(png.length).put(png).array();
        byte[] header = ("{\"inputs\":[{\"name\":\"image\",\"shape\":[2],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":" + elements.length + "}}]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post("/v2/models/" + MODEL + "/infer", concat(header, elements),
                "Inference-Header-Content-Length", Integer.toString(header.length));
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(header(response).get("outputs").get(0).get("shape").toString()).isEqualTo("[2," + CLASSES.size() + "]");
        // an element length beyond the data is refused before it is copied
        byte[] lying = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE).putInt(0).array();
        byte[] lyingHeader = ("{\"inputs\":[{\"name\":\"image\",\"shape\":[1],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":8}}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/v2/models/" + MODEL + "/infer", concat(lyingHeader, lying),
                "Inference-Header-Content-Length", Integer.toString(lyingHeader.length)).statusCode()).isEqualTo(400);
    }

    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = allocated(threads);
        for (int i = 0; i < 5; i++) {
            // ~100 bytes declaring 100000 × 3 × 16 × 16 floats: 300 MB if believed
            String small = "{\"inputs\":[{\"name\":\"input\",\"shape\":[100000,3," + S + "," + S + "],"
                    + "\"datatype\":\"FP32\",\"data\":[0]}]}";
            client().contentType(ContentType.JSON).body(small).post("/v2/models/" + MODEL + "/infer").then()
                    .statusCode(400).body("error", containsString("needs 76800000 values, got 1"));
            byte[] header = ("{\"inputs\":[{\"name\":\"input\",\"shape\":[100000,3," + S + "," + S + "],"
                    + "\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":4}}]}").getBytes(StandardCharsets.UTF_8);
            assertThat(post("/v2/models/" + MODEL + "/infer", concat(header, new byte[4]),
                    "Inference-Header-Content-Length", Integer.toString(header.length)).statusCode()).isEqualTo(400);
            String otherModelShape = small.replace("3," + S + "," + S, "3,32,32");
            client().contentType(ContentType.JSON).body(otherModelShape).post("/v2/models/" + MODEL + "/infer").then()
                    .statusCode(400);
            String images = "{\"inputs\":[{\"name\":\"image\",\"shape\":[2000000000],\"datatype\":\"BYTES\","
                    + "\"parameters\":{\"binary_data_size\":4}}]}";
            byte[] imageHeader = images.getBytes(StandardCharsets.UTF_8);
            assertThat(post("/v2/models/" + MODEL + "/infer", concat(imageHeader, new byte[4]),
                    "Inference-Header-Content-Length", Integer.toString(imageHeader.length)).statusCode()).isEqualTo(400);
        }
        long grown = allocated(threads) - allocatedBefore;
        assertThat(grown).as("bytes allocated by every thread while refusing").isLessThan(64L << 20);

        String overflow = "{\"inputs\":[{\"name\":\"input\",\"shape\":[" + Long.MAX_VALUE + ",3," + S + "," + S + "],"
                + "\"datatype\":\"FP32\",\"data\":[0]}]}";
        client().contentType(ContentType.JSON).body(overflow).post("/v2/models/" + MODEL + "/infer").then()
                .statusCode(400).body("error", containsString("overflows"));
        client().contentType(ContentType.JSON)
                .body("{\"inputs\":[{\"name\":\"input\",\"shape\":[1.5],\"datatype\":\"FP32\",\"data\":[0]}]}")
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(400);
    }

    /** Bytes allocated so far by every live thread (request threads included). */
    static long allocated(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(bytes -> bytes > 0).sum();
    }

    @Test
    void statisticsCountRequestsAndFailures() throws Exception {
        JsonNode before = stats();
        jsonAnswer(row());
        client().contentType(ContentType.JSON)
                .body("{\"inputs\":[{\"name\":\"input\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[0]}]}")
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(400);
        JsonNode after = stats();
        assertThat(after.get("name").asText()).isEqualTo(MODEL);
        assertThat(after.get("version").asText()).isEqualTo("1");
        assertThat(count(after, "success")).isEqualTo(count(before, "success") + 1);
        assertThat(count(after, "fail")).isEqualTo(count(before, "fail") + 1);
        assertThat(after.get("inference_count").asLong()).isEqualTo(before.get("inference_count").asLong() + 1);
        assertThat(after.get("execution_count").asLong()).isGreaterThan(before.get("execution_count").asLong());
        assertThat(after.get("inference_stats").get("compute_infer").get("ns").asLong())
                .isGreaterThan(before.get("inference_stats").get("compute_infer").get("ns").asLong());
        assertThat(after.get("last_inference").asLong()).isPositive();
        client().get("/v2/models/nope/stats").then().statusCode(404);
    }

    JsonNode stats() throws Exception {
        return json.readTree(client().get("/v2/models/" + MODEL + "/stats").then().statusCode(200)
                .extract().asString()).get("model_stats").get(0);
    }

    static long count(JsonNode stats, String kind) {
        return stats.get("inference_stats").get(kind).get("count").asLong();
    }

    @Test
    void repositoryIndexLoadAndUnload() throws Exception {
        String model = "oiprepo";
        String key = TestModels.publish(store, model, "1", CLASSES, 1);
        TestModels.publish(store, model, "2", CLASSES, 3);
        connector.source(ModelPromotionConsumer.CHANNEL).send(Message.of(TestModels.promotion(model, "1", key)));
        awaitServing(model, "1");

        client().post("/v2/repository/index").then().statusCode(200)
                .body("find { it.name == '" + model + "' }.state", equalTo("READY"))
                .body("find { it.name == '" + model + "' }.version", equalTo("1"));
        given().post("/v2/repository/models/" + model + "/unload").then().statusCode(401);
        client().post("/v2/repository/models/" + model + "/unload").then().statusCode(200)
                .body("state", equalTo("UNLOADED"));
        client().contentType(ContentType.JSON).body("{\"ready\":true}").post("/v2/repository/index").then()
                .statusCode(200).body("name", not(hasItem(model)));
        client().post("/v2/repository/index").then().statusCode(200)
                .body("find { it.name == '" + model + "' }.state", equalTo("UNAVAILABLE"));
        client().get("/v2/models/" + model + "/ready").then().statusCode(503);

        client().post("/v2/repository/models/" + model + "/load").then().statusCode(200)
                .body("state", equalTo("SERVING")).body("servingVersion", equalTo("1"));
        client().contentType(ContentType.JSON).body("{\"parameters\":{\"version\":\"2\"}}")
                .post("/v2/repository/models/" + model + "/load").then().statusCode(200)
                .body("servingVersion", equalTo("2"));
        client().contentType(ContentType.JSON).body("{\"parameters\":{\"config\":\"{}\"}}")
                .post("/v2/repository/models/" + model + "/load").then().statusCode(400)
                .body("error", containsString("'config' is not supported"));
        client().contentType(ContentType.JSON).body("{\"parameters\":{\"version\":\"9\"}}")
                .post("/v2/repository/models/" + model + "/load").then().statusCode(400)
                .body("error", containsString("failed to load"));
        client().post("/v2/repository/models/nope/load").then().statusCode(404);
        client().contentType(ContentType.JSON).body("[1]").post("/v2/repository/index").then().statusCode(400);
    }
}
