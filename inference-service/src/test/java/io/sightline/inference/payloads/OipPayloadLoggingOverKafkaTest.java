package io.sightline.inference.payloads;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sightline.events.EventTypes;
import io.sightline.events.ModelPromoted;
import io.sightline.events.PayloadLogged;
import io.sightline.events.Topics;
import io.sightline.inference.TestModels;
import io.sightline.inference.grpc.protocol.GRPCInferenceServiceGrpc;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.grpc.protocol.ModelInferResponse;
import io.sightline.inference.messaging.ModelPromotionConsumer;
import io.sightline.inference.rest.InMemoryRegistryResource;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Sha256;
import io.sightline.testing.kafka.KafkaBrokerResource;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Open Inference requests logged on the real broker, over {@code /v2} and gRPC, in the application of
 * {@link PayloadLoggingOverKafkaTest} (every request sampled, bytes included): one record per image or tensor row
 * ({@code <id>-<i>} of several), images with their digest as {@code /predict} logs them, tensor rows with the digest
 * of the bytes sent for them, their datatype and shape.
 */
@QuarkusTest
@TestProfile(PayloadLoggingOverKafkaTest.Sampled.class)
@WithTestResource(InMemoryRegistryResource.class)
@WithTestResource(KafkaBrokerResource.class)
@Tag("kafka")
@Tag("process")
class OipPayloadLoggingOverKafkaTest {

    static final int SIZE = TestModels.SIZE;
    static final int ROW = 3 * SIZE * SIZE;
    static final String TOKEN = "test-token";

    @GrpcClient("oip")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub anonymous;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ArtifactStore store;

    @Test
    void v2AndGrpcRequestsAreLoggedPerImageAndPerTensorRow() throws Exception {
        String model = "oip-logged-" + UUID.randomUUID().toString().substring(0, 8);
        String key = TestModels.publish(store, model, "1", List.of("cat", "dog"), 1);
        promote(TestModels.promotion(model, "1", key));
        byte[] small = TestModels.png(20, 20);
        byte[] large = TestModels.png(40, 30);
        await().atMost(Duration.ofSeconds(60)).until(() -> images(model, "warm-up", small).statusCode() == 200);

        Response imagesAnswer = images(model, "v2-images", small, large);
        assertThat(imagesAnswer.statusCode()).isEqualTo(200);
        assertThat(imagesAnswer.header(RequestIds.HEADER)).isEqualTo("v2-images");

        float[] values = new float[ROW];
        for (int i = 0; i < ROW; i++) {
            values[i] = (i % 7) / 7f;
        }
        StringBuilder data = new StringBuilder();
        for (float value : values) {
            data.append(data.length() == 0 ? "" : ",").append(value);
        }
        given().header(RequestIds.HEADER, "v2-tensor").header("Authorization", "Bearer " + TOKEN)
                .contentType("application/json").body("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\","
                        + "\"shape\":[1,3," + SIZE + "," + SIZE + "],\"data\":[" + data + "]}]}")
                .post("/v2/models/" + model + "/infer").then().statusCode(200);

        byte[] uint8 = new byte[2 * ROW];
        for (int i = 0; i < uint8.length; i++) {
            uint8[i] = (byte) (i * 31);
        }
        AtomicReference<Metadata> answeredHeaders = new AtomicReference<>();
        ModelInferResponse grpcAnswer = grpc(answeredHeaders).modelInfer(ModelInferRequest.newBuilder()
                .setModelName(model).setId("grpc-rows").addRawInputContents(ByteString.copyFrom(uint8))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("UINT8")
                        .addShape(2).addShape(3).addShape(SIZE).addShape(SIZE)).build());
        assertThat(grpcAnswer.getModelVersion()).isEqualTo("1");
        assertThat(answeredHeaders.get().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER)))
                .as("the logged call's id, answered in the response headers").isEqualTo("grpc-rows");

        Set<String> ids = Set.of("v2-images-0", "v2-images-1", "v2-tensor", "grpc-rows-0", "grpc-rows-1");
        Map<String, JsonNode> logged = read(model, ids);
        ObjectMapper json = new ObjectMapper();

        JsonNode first = logged.get("v2-images-0");
        assertThat(first.get("endpoint").asText()).isEqualTo("v2");
        assertThat(first.get("version").asText()).isEqualTo("1");
        assertThat(first.get("answer").get(0).get("label").asText()).isEqualTo("dog");
        assertThat(first.get("imageSha256").asText()).isEqualTo(Sha256.of(small));
        assertThat(first.get("imageMediaType").asText()).isEqualTo("image/png");
        assertThat(first.get("inputDatatype").isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(logged.get("v2-images-1").get("imageBase64").asText())).isEqualTo(large);

        byte[] fp32 = ByteBuffer.allocate(ROW * 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 0).array();
        ByteBuffer.wrap(fp32).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        JsonNode tensor = logged.get("v2-tensor");
        assertThat(tensor.get("inputDatatype").asText()).isEqualTo("FP32");
        assertThat(json.convertValue(tensor.get("inputShape"), long[].class)).containsExactly(1, 3, SIZE, SIZE);
        assertThat(tensor.get("imageSha256").asText()).isEqualTo(Sha256.of(fp32));
        assertThat(tensor.get("imageMediaType").asText()).isEqualTo(PayloadLogged.TENSOR_MEDIA_TYPE);
        assertThat(Base64.getDecoder().decode(tensor.get("imageBase64").asText())).isEqualTo(fp32);

        for (int row = 0; row < 2; row++) {
            JsonNode record = logged.get("grpc-rows-" + row);
            byte[] sent = java.util.Arrays.copyOfRange(uint8, row * ROW, (row + 1) * ROW);
            assertThat(record.get("endpoint").asText()).isEqualTo("grpc");
            assertThat(record.get("inputDatatype").asText()).isEqualTo("UINT8");
            assertThat(record.get("imageSha256").asText()).as("row %d's digest", row).isEqualTo(Sha256.of(sent));
            assertThat(record.get("imageBytes").asLong()).isEqualTo(ROW);
            assertThat(Base64.getDecoder().decode(record.get("imageBase64").asText())).isEqualTo(sent);
        }
        // the record a consumer reads back, with the new fields, as the dataset service reads it
        PayloadLogged typed = json.findAndRegisterModules().readValue(tensor.toString(), PayloadLogged.class);
        assertThat(typed.inputShape()).containsExactly(1L, 3L, (long) SIZE, (long) SIZE);
    }

    private Map<String, JsonNode> read(String model, Set<String> ids) throws Exception {
        Map<String, JsonNode> logged = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, String> consumer = PayloadLoggingOverKafkaTest.consumer()) {
            consumer.subscribe(List.of(Topics.INFERENCE_PAYLOADS));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (model.equals(record.key())) {
                        JsonNode body = json.readTree(record.value());
                        logged.merge(body.get("requestId").asText(), body, (a, b) -> {
                            throw new AssertionError("two records for " + body.get("requestId"));
                        });
                        types.put(body.get("requestId").asText(),
                                PayloadLoggingOverKafkaTest.header(record, "ce_type"));
                    }
                }
                return logged.keySet().containsAll(ids);
            });
        }
        assertThat(types).containsValue(EventTypes.PAYLOAD_LOGGED).doesNotContainValue(null);
        return logged;
    }

    private static Response images(String model, String requestId, byte[]... images) {
        StringBuilder data = new StringBuilder();
        for (byte[] image : images) {
            data.append(data.length() == 0 ? "\"" : ",\"").append(Base64.getEncoder().encodeToString(image)).append('"');
        }
        return given().header(RequestIds.HEADER, requestId).header("Authorization", "Bearer " + TOKEN)
                .contentType("application/json").body("{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\","
                        + "\"shape\":[" + images.length + "],\"data\":[" + data + "]}]}")
                .post("/v2/models/" + model + "/infer");
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc(AtomicReference<Metadata> answered) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
        return anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
                        MetadataUtils.newCaptureMetadataInterceptor(answered, new AtomicReference<>()))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private void promote(ModelPromoted promotion) {
        ConsumerRecord<String, ModelPromoted> record =
                new ConsumerRecord<>(Topics.MODELS, 0, 100, promotion.model(), promotion);
        connector.<Message<ModelPromoted>>source(ModelPromotionConsumer.CHANNEL)
                .send(Message.of(promotion, org.eclipse.microprofile.reactive.messaging.Metadata.of(
                        new IncomingKafkaRecordMetadata<>(record, ModelPromotionConsumer.CHANNEL))));
    }
}
