package io.sightline.inference.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sightline.events.ModelPromoted;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.Topics;
import io.sightline.events.TrafficTarget;
import io.sightline.inference.TestModels;
import io.sightline.inference.grpc.protocol.GRPCInferenceServiceGrpc;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.messaging.ModelPromotionConsumer;
import io.sightline.inference.rest.InMemoryRegistryResource;
import io.sightline.storage.ArtifactStore;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A canary at 50%: a gRPC call carrying the metadata {@value CallerKeys#METADATA} lands on the side its key's bucket
 * says, every time, and on the same side as a {@code /v2} request carrying the same key in its HTTP header.
 */
@QuarkusTest
@QuarkusTestResource(InMemoryRegistryResource.class)
class StickyCanaryOverGrpcTest {

    static final String MODEL = "grpc-sticky";
    static final int SIZE = TestModels.SIZE;
    static final String TOKEN = "test-token";
    static final Metadata.Key<String> REQUEST_KEY = Metadata.Key.of(CallerKeys.METADATA,
            Metadata.ASCII_STRING_MARSHALLER);

    @GrpcClient("oip")
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub anonymous;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ArtifactStore store;

    @Inject
    TrafficRouter router;

    @Inject
    ObjectMapper json;

    @Test
    void oneKeyLandsOnOneVersionOverGrpcAndOnTheSameOneOverHttp() throws Exception {
        String champion = TestModels.publish(store, MODEL, "1", List.of("a", "b"), 0);
        String canary = TestModels.publish(store, MODEL, "2", List.of("a", "b"), 1);
        promote(TestModels.promotion(MODEL, "1", champion));
        canary(new TrafficTarget("2", canary, 50));
        await().atMost(Duration.ofSeconds(60)).until(() -> router.resident(MODEL, true).equals(Optional.of("2"))
                && router.split(MODEL).isPresent());

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            String key = "caller-" + i;
            String expected = RouteKeys.within(RouteKeys.bucket(MODEL, key), 50) ? "2" : "1";
            String first = overGrpc(key);
            assertThat(first).as("key %s over gRPC", key).isEqualTo(expected);
            assertThat(overGrpc(key)).as("key %s over gRPC again", key).isEqualTo(first);
            assertThat(overHttp(key)).as("key %s over HTTP", key).isEqualTo(first);
            seen.add(first);
        }
        assertThat(seen).as("24 keys at 50%% reach both sides").containsExactlyInAnyOrder("1", "2");
    }

    private String overGrpc(String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TOKEN);
        headers.put(REQUEST_KEY, key);
        ByteBuffer zeros = ByteBuffer.allocate(3 * SIZE * SIZE * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(MODEL)
                .addRawInputContents(ByteString.copyFrom(zeros.array()));
        request.addInputsBuilder().setName("input").setDatatype("FP32").addShape(1).addShape(3).addShape(SIZE)
                .addShape(SIZE);
        return anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(request.build()).getModelVersion();
    }

    private static String overHttp(String key) {
        String zeros = "0" + ",0".repeat(3 * SIZE * SIZE - 1);
        return given().header("Authorization", "Bearer " + TOKEN)
                .header(CallerKeys.HEADER, key).contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,3," + SIZE + "," + SIZE
                        + "],\"data\":[" + zeros + "]}]}")
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(200).extract().path("model_version");
    }

    private void promote(ModelPromoted promotion) {
        ConsumerRecord<String, ModelPromoted> record = new ConsumerRecord<>(Topics.MODELS, 0, 2_000_000, MODEL,
                promotion);
        connector.<Message<ModelPromoted>>source(ModelPromotionConsumer.CHANNEL).send(Message.of(promotion,
                org.eclipse.microprofile.reactive.messaging.Metadata.of(
                        new IncomingKafkaRecordMetadata<>(record, ModelPromotionConsumer.CHANNEL))));
    }

    private void canary(TrafficTarget target) throws Exception {
        ModelTrafficChanged split = new ModelTrafficChanged(UUID.randomUUID().toString(), MODEL, target, null,
                "canary-started", Instant.now(), "test");
        String payload = json.writeValueAsString(split);
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.MODELS, 0, 2_000_001, MODEL + "/traffic",
                payload);
        var cloudEvent = new DefaultIncomingCloudEventMetadata<String>(OutgoingCloudEventMetadata.<String>builder()
                .withId(split.id()).withType(ModelTrafficChanged.TYPE)
                .withSource(URI.create("/sightline/trainer-service")).build());
        connector.<Message<String>>source(TrafficConsumer.CHANNEL).send(Message.of(payload,
                org.eclipse.microprofile.reactive.messaging.Metadata.of(
                        new IncomingKafkaRecordMetadata<>(record, TrafficConsumer.CHANNEL), cloudEvent)));
    }
}
