package io.sightline.inference.grpc;

import static io.restassured.RestAssured.given;
import static io.sightline.inference.grpc.GrpcTensorsTest.floats;
import static io.sightline.inference.grpc.GrpcTensorsTest.lengthPrefixed;
import static io.sightline.inference.grpc.GrpcTensorsTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sightline.events.ModelPromoted;
import io.sightline.events.Topics;
import io.sightline.inference.TestModels;
import io.sightline.inference.grpc.protocol.GRPCInferenceServiceGrpc;
import io.sightline.inference.grpc.protocol.InferParameter;
import io.sightline.inference.grpc.protocol.InferTensorContents;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.grpc.protocol.ModelInferResponse;
import io.sightline.inference.grpc.protocol.ModelMetadataRequest;
import io.sightline.inference.grpc.protocol.ModelMetadataResponse;
import io.sightline.inference.grpc.protocol.ModelReadyRequest;
import io.sightline.inference.grpc.protocol.ServerLiveRequest;
import io.sightline.inference.grpc.protocol.ServerMetadataRequest;
import io.sightline.inference.grpc.protocol.ServerReadyRequest;
import io.sightline.inference.messaging.ModelPromotionConsumer;
import io.sightline.inference.readiness.ServingReadiness;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.rest.InMemoryRegistryResource;
import io.sightline.storage.ArtifactStore;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code inference.GRPCInferenceService} on its own port, called by a client generated from the same proto, in the
 * application (and with the token) of the HTTP test. Its model is promoted at offsets far from that test's, so the
 * two classes may run in either order. The same requests sent over REST get the same answers: both transports are
 * adapters over the same core.
 */
@QuarkusTest
@QuarkusTestResource(InMemoryRegistryResource.class)
class OpenInferenceGrpcTest {

    static final String MODEL = "grpc-shapes";
    static final List<String> CLASSES = List.of("circle", "square", "triangle", "star");
    static final int SIZE = TestModels.SIZE;
    static final int VALUES = 3 * SIZE * SIZE;
    private static boolean promoted;

    @GrpcClient("oip")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub anonymous;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ServingReadiness readiness;

    @ConfigProperty(name = "sightline.auth.token")
    String token;

    @ConfigProperty(name = "sightline.inference.max-request-bytes")
    long maxRequestBytes;

    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub client;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void promoteOnce() throws Exception {
        client = withToken(token);
        if (!promoted) {
            String key = TestModels.publish(store, MODEL, "1", CLASSES, 2);
            ModelPromoted promotion = TestModels.promotion(MODEL, "1", key);
            ConsumerRecord<String, ModelPromoted> record =
                    new ConsumerRecord<>(Topics.MODELS, 0, 1_000_000, MODEL, promotion);
            connector.<Message<ModelPromoted>>source(ModelPromotionConsumer.CHANNEL).send(Message.of(promotion,
                    org.eclipse.microprofile.reactive.messaging.Metadata.of(
                            new IncomingKafkaRecordMetadata<>(record, ModelPromotionConsumer.CHANNEL))));
            promoted = true;
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.serving(MODEL).isPresent());
    }

    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub withToken(String token) {
        Metadata headers = new Metadata();
        headers.put(GrpcCallers.AUTHORIZATION, "Bearer " + token);
        return anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void healthAndMetadataAsTheSpecificationDefinesThem() {
        assertThat(anonymous.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(anonymous.serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
                .isEqualTo(readiness.serverReady());
        // reads are open in this configuration, as over HTTP
        assertThat(anonymous.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName())
                .isEqualTo("sightline-inference");
        assertThat(client.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).build()).getReady()).isTrue();
        assertThat(client.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).setVersion("9").build()).getReady())
                .isFalse();
        assertStatus(() -> client.modelReady(ModelReadyRequest.newBuilder().setName("nobody").build()),
                Status.Code.NOT_FOUND, "nobody");

        ModelMetadataResponse metadata = client.modelMetadata(ModelMetadataRequest.newBuilder().setName(MODEL).build());
        assertThat(metadata.getVersionsList()).containsExactly("1");
        assertThat(metadata.getInputs(0).getName()).isEqualTo("input");
        assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 3L, (long) SIZE, (long) SIZE);
        // the alternative input, as /v2 lists it: generic clients send every input listed, a request takes one
        assertThat(metadata.getInputsCount()).isEqualTo(1);
        assertThat(metadata.getPropertiesMap().get("alternative_inputs")).contains("\"image\"", "\"BYTES\"");
        assertThat(metadata.getOutputs(0).getShapeList()).containsExactly(-1L, (long) CLASSES.size());
        assertThat(metadata.getPropertiesMap()).containsEntry("classes", "[\"circle\",\"square\",\"triangle\",\"star\"]");
    }

    @Test
    void infersRawAndTypedFp32ThroughTheBatcher() {
        float[] zeros = new float[VALUES * 2];
        ModelInferResponse raw = client.modelInfer(request("input", "FP32", 2, 3, SIZE, SIZE).setModelName(MODEL)
                .setId("req-7").addRawInputContents(floats(zeros)).build());
        assertThat(raw.getModelName()).isEqualTo(MODEL);
        assertThat(raw.getModelVersion()).isEqualTo("1");
        assertThat(raw.getId()).isEqualTo("req-7");
        assertThat(raw.getOutputs(0).getName()).isEqualTo("probabilities");
        assertThat(raw.getOutputs(0).getShapeList()).containsExactly(2L, (long) CLASSES.size());
        float[][] rows = probabilities(raw, 2);
        for (float[] row : rows) {
            // the test model answers its favourite class (2) with near certainty
            assertThat(row[2]).isGreaterThan(0.9f);
        }

        ModelInferRequest.Builder typed = request("input", "FP32", 1, 3, SIZE, SIZE).setModelName(MODEL);
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < VALUES; i++) {
            contents.addFp32Contents(0f);
        }
        typed.getInputsBuilder(0).setContents(contents);
        assertThat(probabilities(client.modelInfer(typed.build()), 1)[0]).containsExactly(rows[0]);
        // pinned to the serving version; another version does not serve here
        assertThat(client.modelInfer(typed.setModelVersion("1").build()).getModelVersion()).isEqualTo("1");
        assertStatus(() -> client.modelInfer(typed.setModelVersion("2").build()), Status.Code.NOT_FOUND, "version 2");
    }

    @Test
    void infersRawAndTypedBytesImages() throws Exception {
        byte[] png = TestModels.png(20, 12);
        byte[] jpeg = TestModels.encode(TestModels.disc(16, 16), "jpg");
        ModelInferResponse raw = client.modelInfer(request("image", "BYTES", 2).setModelName(MODEL)
                .addRawInputContents(lengthPrefixed(png, jpeg)).build());
        assertThat(raw.getOutputs(0).getShapeList()).containsExactly(2L, (long) CLASSES.size());
        assertThat(probabilities(raw, 2)[1][2]).isGreaterThan(0.9f);

        ModelInferRequest.Builder typed = request("image", "BYTES", 1, 1).setModelName(MODEL);
        typed.getInputsBuilder(0).setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFrom(png)));
        assertThat(probabilities(client.modelInfer(typed.build()), 1)[0]).containsExactly(probabilities(raw, 2)[0]);

        assertStatus(() -> client.modelInfer(request("image", "BYTES", 1).setModelName(MODEL)
                        .addRawInputContents(lengthPrefixed("not an image".getBytes())).build()),
                Status.Code.INVALID_ARGUMENT, "");
    }

    @Test
    void refusesBadShapesWithTheReason() {
        assertStatus(() -> client.modelInfer(request("input", "FP32", 1, 1, SIZE, SIZE).setModelName(MODEL)
                        .addRawInputContents(floats(new float[SIZE * SIZE])).build()),
                Status.Code.INVALID_ARGUMENT, "takes a tensor of shape [N, 3, " + SIZE + ", " + SIZE + "]");
        assertStatus(() -> client.modelInfer(request("input", "FP32", 1, 3, SIZE, SIZE).setModelName(MODEL)
                        .addRawInputContents(floats(1, 2, 3)).build()),
                Status.Code.INVALID_ARGUMENT, "needs " + VALUES * 4 + " bytes");
        assertStatus(() -> client.modelInfer(request("input", "FP32", 1L << 62, 3, SIZE, SIZE).setModelName(MODEL)
                        .addRawInputContents(floats(1)).build()),
                Status.Code.INVALID_ARGUMENT, "overflows");
        // 300 MB declared in a message of a few bytes: refused from the sizes, nothing allocated (see GrpcTensorsTest)
        assertStatus(() -> client.modelInfer(request("input", "FP32", 100_000, 3, SIZE, SIZE).setModelName(MODEL)
                        .addRawInputContents(floats(1, 2, 3, 4)).build()),
                Status.Code.INVALID_ARGUMENT, "needs " + 100_000L * VALUES * 4 + " bytes");
        assertStatus(() -> client.modelInfer(request("input", "FP32", 1).setModelName("").addRawInputContents(floats(1)).build()),
                Status.Code.INVALID_ARGUMENT, "names no model");
        assertStatus(() -> client.modelInfer(request("input", "FP32", 1).setModelName("../" + "x".repeat(10_000))
                .addRawInputContents(floats(1)).build()), Status.Code.INVALID_ARGUMENT, "1 to 128 letters");
        assertStatus(() -> client.modelInfer(request("input", "FP32", 1).setModelName("nobody")
                .addRawInputContents(floats(1)).build()), Status.Code.NOT_FOUND, "nobody");
    }

    @Test
    void aMessageOverTheRequestLimitIsRefusedBeforeItIsRead() {
        byte[] big = new byte[(int) maxRequestBytes + 1024];
        assertStatus(() -> client.modelInfer(request("image", "BYTES", 1).setModelName(MODEL)
                .addRawInputContents(ByteString.copyFrom(big)).build()), Status.Code.RESOURCE_EXHAUSTED, "");
    }

    @Test
    void inferenceNeedsTheTokensOfHttp() {
        ModelInferRequest zeros = request("input", "FP32", 1, 3, SIZE, SIZE).setModelName(MODEL)
                .addRawInputContents(floats(new float[VALUES])).build();
        assertStatus(() -> anonymous.modelInfer(zeros), Status.Code.UNAUTHENTICATED, "predict");
        assertStatus(() -> withToken("wrong").modelInfer(zeros), Status.Code.UNAUTHENTICATED, "invalid bearer token");
        assertThat(client.modelInfer(zeros).getModelVersion()).isEqualTo("1");
    }

    /** Values 0, 1, 2 repeated: exact in every datatype. */
    static int[] row() {
        int[] values = new int[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = i % 3;
        }
        return values;
    }

    @Test
    void fp64AndUint8GetTheSameProbabilitiesOverBoth() throws Exception {
        for (String datatype : List.of("FP64", "UINT8")) {
            JsonNode rest = rest("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + SIZE + "," + SIZE + "],"
                    + "\"datatype\":\"" + datatype + "\",\"data\":" + Arrays.toString(row()) + "}]}")
                    .get("outputs").get(0);
            float[] expected = new float[rest.get("data").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = rest.get("data").get(i).floatValue();
            }
            assertThat(rest.get("datatype").asText()).isEqualTo("FP32");

            ModelInferResponse typed = client.modelInfer(typed(datatype).build());
            assertThat(typed.getRawOutputContentsCount()).as("typed in, typed out").isZero();
            assertThat(typed.getOutputs(0).getDatatype()).isEqualTo("FP32");
            assertThat(toArray(typed.getOutputs(0).getContents().getFp32ContentsList()))
                    .as(datatype).containsExactly(expected);

            ModelInferResponse raw = client.modelInfer(request("input", datatype, 1, 3, SIZE, SIZE).setModelName(MODEL)
                    .addRawInputContents(ByteString.copyFrom(littleEndian(datatype))).build());
            assertThat(probabilities(raw, 1)[0]).as(datatype).containsExactly(expected);
        }
    }

    @Test
    void classificationGetsTheSameTopClassesOverBoth() throws Exception {
        JsonNode rest = rest("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + SIZE + "," + SIZE + "],"
                + "\"datatype\":\"UINT8\",\"data\":" + Arrays.toString(row()) + "}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"classification\":2}}]}")
                .get("outputs").get(0);
        assertThat(rest.get("datatype").asText()).isEqualTo("BYTES");
        List<String> expected = new ArrayList<>();
        rest.get("data").forEach(element -> expected.add(element.asText()));
        assertThat(expected).hasSize(2);

        ModelInferRequest.InferRequestedOutputTensor top2 = ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                .setName("probabilities")
                .putParameters("classification", InferParameter.newBuilder().setInt64Param(2).build()).build();
        ModelInferResponse typed = client.modelInfer(typed("UINT8").addOutputs(top2).build());
        assertThat(typed.getOutputs(0).getDatatype()).isEqualTo("BYTES");
        assertThat(typed.getOutputs(0).getShapeList()).containsExactly(1L, 2L);
        assertThat(typed.getOutputs(0).getContents().getBytesContentsList()).extracting(ByteString::toStringUtf8)
                .containsExactlyElementsOf(expected);

        ModelInferResponse raw = client.modelInfer(request("input", "UINT8", 1, 3, SIZE, SIZE).setModelName(MODEL)
                .addRawInputContents(ByteString.copyFrom(littleEndian("UINT8"))).addOutputs(top2).build());
        assertThat(raw.getRawOutputContents(0)).isEqualTo(lengthPrefixed(expected.stream()
                .map(element -> element.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new)));
    }

    @Test
    void aRefusalGivesTheSameReasonOverBoth() {
        ModelInferRequest unknownOutput = typed("FP64").addOutputs(ModelInferRequest.InferRequestedOutputTensor
                .newBuilder().setName("logits")).build();
        assertThatThrownBy(() -> client.modelInfer(unknownOutput)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    given().header("Authorization", "Bearer " + token).contentType("application/json")
                            .body("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3," + SIZE + "," + SIZE + "],"
                                    + "\"datatype\":\"FP64\",\"data\":" + Arrays.toString(row()) + "}],"
                                    + "\"outputs\":[{\"name\":\"logits\"}]}")
                            .post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                            .body(containsString(e.getStatus().getDescription()));
                });
    }

    private JsonNode rest(String body) throws Exception {
        String answer = given().header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(200).extract().asString();
        return json.readTree(answer);
    }

    /** The row as typed contents of a datatype: FP64 in fp64_contents, UINT8 in uint_contents. */
    private static ModelInferRequest.Builder typed(String datatype) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int value : row()) {
            if ("FP64".equals(datatype)) {
                contents.addFp64Contents(value);
            } else {
                contents.addUintContents(value);
            }
        }
        ModelInferRequest.Builder request = request("input", datatype, 1, 3, SIZE, SIZE).setModelName(MODEL);
        request.getInputsBuilder(0).setContents(contents);
        return request;
    }

    private static byte[] littleEndian(String datatype) {
        ByteBuffer out = ByteBuffer.allocate(VALUES * ("FP64".equals(datatype) ? 8 : 1)).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : row()) {
            if ("FP64".equals(datatype)) {
                out.putDouble(value);
            } else {
                out.put((byte) value);
            }
        }
        return out.array();
    }

    /** The probabilities of an answer: raw when the request was, else typed {@code fp32_contents}. */
    static float[][] probabilities(ModelInferResponse response, int rows) {
        ByteBuffer raw = response.getRawOutputContentsCount() > 0
                ? response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                : floats(toArray(response.getOutputs(0).getContents().getFp32ContentsList())).asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(raw.remaining()).isEqualTo(rows * CLASSES.size() * 4);
        float[][] values = new float[rows][CLASSES.size()];
        for (float[] row : values) {
            raw.asFloatBuffer().get(row);
            raw.position(raw.position() + row.length * 4);
        }
        return values;
    }

    static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static void assertStatus(Runnable call, Status.Code code, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
            assertThat(String.valueOf(e.getStatus().getDescription())).contains(reason);
        });
    }
}
