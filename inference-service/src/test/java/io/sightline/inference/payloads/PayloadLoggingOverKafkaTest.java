package io.sightline.inference.payloads;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sightline.events.EventTypes;
import io.sightline.events.ModelPromoted;
import io.sightline.events.Topics;
import io.sightline.inference.TestModels;
import io.sightline.inference.messaging.ModelPromotionConsumer;
import io.sightline.inference.rest.InMemoryRegistryResource;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Sha256;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.testing.kafka.KafkaBrokerResource;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Payload logging on the real broker, every request sampled with its image: the record carries the answer and the
 * image's digest; an image over the queue's byte bound is dropped and counted while its request still answers.
 */
@QuarkusTest
@TestProfile(PayloadLoggingOverKafkaTest.Sampled.class)
@WithTestResource(InMemoryRegistryResource.class)
@WithTestResource(KafkaBrokerResource.class)
@Tag("kafka")
@Tag("process")
class PayloadLoggingOverKafkaTest {

    static final long QUEUE_BYTES = 50_000;

    public static class Sampled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String connector = "mp.messaging.outgoing." + KafkaPayloadSink.CHANNEL + ".connector";
            return Map.of(connector, "smallrye-kafka", "%test." + connector, "smallrye-kafka",
                    "sightline.inference.payloads.sample", "1.0",
                    "sightline.inference.payloads.include-images", "true",
                    "sightline.inference.payloads.queue-bytes", Long.toString(QUEUE_BYTES));
        }
    }

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ArtifactStore store;

    @Test
    void aSampledPredictIsOneRecordWithItsAnswerAndDigestAndAFullQueueOnlyDrops() throws Exception {
        String model = "logged-" + UUID.randomUUID().toString().substring(0, 8);
        String key = TestModels.publish(store, model, "1", List.of("cat", "dog"), 1);
        promote(TestModels.promotion(model, "1", key));
        byte[] image = TestModels.png(40, 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> predict(model, image, "warm-up").statusCode() == 200);

        Response answered = predict(model, image, "req-42");
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.header(RequestIds.HEADER)).isEqualTo("req-42");
        byte[] heavy = noise(200, 200);
        assertThat(heavy.length).isGreaterThan((int) QUEUE_BYTES);
        Response unqueued = predict(model, heavy, "req-heavy");
        assertThat(unqueued.statusCode()).as("a dropped record never fails its request").isEqualTo(200);
        assertThat(given().get("/q/metrics").asString())
                .contains("sightline_inference_payloads_dropped_total{reason=\"queue-full\"} 1.0");

        List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.INFERENCE_PAYLOADS));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (model.equals(r.key())) {
                        seen.add(r);
                    }
                });
                return seen.stream().anyMatch(r -> r.value().contains("\"req-42\""));
            });
        }
        ConsumerRecord<String, String> record = seen.stream().filter(r -> r.value().contains("\"req-42\""))
                .findFirst().orElseThrow();
        assertThat(header(record, "ce_type")).isEqualTo(EventTypes.PAYLOAD_LOGGED);
        assertThat(header(record, "ce_source")).isEqualTo(EventTypes.SOURCE_INFERENCE_SERVICE);
        JsonNode body = new ObjectMapper().readTree(record.value());
        assertThat(body.get("model").asText()).isEqualTo(model);
        assertThat(body.get("version").asText()).isEqualTo("1");
        assertThat(body.get("endpoint").asText()).isEqualTo("predict");
        assertThat(body.get("latencyMs").asDouble()).isPositive();
        assertThat(body.get("requestedAt").asText()).isNotBlank();
        assertThat(body.get("answer").get(0).get("label").asText())
                .isEqualTo(answered.jsonPath().getString("predictions[0].label")).isEqualTo("dog");
        assertThat(body.get("imageSha256").asText()).isEqualTo(Sha256.of(image));
        assertThat(body.get("imageBytes").asLong()).isEqualTo(image.length);
        assertThat(body.get("imageMediaType").asText()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(body.get("imageBase64").asText())).isEqualTo(image);
        assertThat(seen).as("one record per logged request; the dropped one never sent")
                .filteredOn(r -> r.value().contains("\"req-42\"")).hasSize(1);
        assertThat(seen).noneMatch(r -> r.value().contains("\"req-heavy\""));
    }

    private static Response predict(String model, byte[] image, String requestId) {
        return given().header(RequestIds.HEADER, requestId).header("Authorization", "Bearer test-token")
                .contentType("image/png").body(image).post("/predict/" + model);
    }

    private void promote(ModelPromoted promotion) {
        ConsumerRecord<String, ModelPromoted> record =
                new ConsumerRecord<>(Topics.MODELS, 0, 0, promotion.model(), promotion);
        connector.<Message<ModelPromoted>>source(ModelPromotionConsumer.CHANNEL)
                .send(Message.of(promotion, Metadata.of(
                        new IncomingKafkaRecordMetadata<>(record, ModelPromotionConsumer.CHANNEL))));
    }

    /** Random pixels: a PNG that does not compress, heavier than the queue may hold. */
    private static byte[] noise(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return TestModels.encode(image, "png");
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "payload-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
