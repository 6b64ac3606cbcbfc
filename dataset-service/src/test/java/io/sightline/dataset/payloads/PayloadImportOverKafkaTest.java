package io.sightline.dataset.payloads;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.rest.TempStoreResource;
import io.sightline.events.PayloadLogged;
import io.sightline.storage.Sha256;
import io.sightline.testing.kafka.KafkaBroker;
import io.sightline.testing.kafka.KafkaBrokerResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Logged payloads on the real broker, a labels file beside them: the labelled images become a READY version with
 * the labels' class counts; unknown request ids and records without images reject the import, naming each.
 */
@QuarkusTest
@TestProfile(PayloadImportOverKafkaTest.Enabled.class)
@WithTestResource(TempStoreResource.class)
@WithTestResource(KafkaBrokerResource.class)
@Tag("kafka")
@Tag("process")
class PayloadImportOverKafkaTest {

    static final String TOPIC = "payload-import-test";
    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sightline.dataset.payloads.enabled", "true", "sightline.dataset.payloads.topic", TOPIC,
                    "sightline.dataset.payloads.read-timeout", "60s");
        }
    }

    @BeforeAll
    static void logSomeRequests() throws Exception {
        Path images = Files.createTempDirectory("sightline-payload-images");
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            int i = 0;
            for (String id : List.of("c1", "c2", "c3", "d1", "d2", "d3", "noimg", "late")) {
                byte[] image = Files.readAllBytes(TestImages.png(images.resolve(id + ".png"), 16, 16));
                boolean withImage = !id.equals("noimg");
                Instant at = id.equals("late") ? AT.plus(Duration.ofDays(30)) : AT.plusSeconds(i++);
                PayloadLogged record = new PayloadLogged(id, "pets", "1", "predict", at, 3.5,
                        List.of(new PayloadLogged.ClassScore("cat", 0.6)), Sha256.of(image), image.length,
                        "image/png", withImage ? Base64.getEncoder().encodeToString(image) : null,
                        withImage ? null : PayloadLogged.OMITTED_NOT_INCLUDED);
                producer.send(new ProducerRecord<>(TOPIC, "pets", json.writeValueAsString(record))).get();
            }
            producer.send(new ProducerRecord<>(TOPIC, "pets", "not a payload record")).get();
        }
    }

    @Test
    void labelledLoggedImagesImportAsAReadyVersionWithTheLabelsClassCounts() throws Exception {
        Path labels = labels("requestId,label\nc1,cat\nc2,cat\nc3,cat\nd1,dog\nd2,dog\nd3,dog\n");

        JsonPath version = importAndWait("from-production", "payloads:pets?labels=" + labels
                + "&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z");

        assertThat(version.getString("status")).isEqualTo("READY");
        assertThat(version.getInt("counts.cat.total")).isEqualTo(3);
        assertThat(version.getInt("counts.dog.total")).isEqualTo(3);
        assertThat(version.getBoolean("verification.passed")).isTrue();
    }

    @Test
    void unknownIdsAndRecordsWithoutImagesRejectNamingEachOne() throws Exception {
        Path labels = labels("c1,cat\nd1,dog\nghost,dog\nnoimg,cat\nlate,dog\n");

        JsonPath version = importAndWait("unusable", "payloads:pets?labels=" + labels + "&to=2026-12-02T00:00:00Z");

        assertThat(version.getString("status")).isEqualTo("REJECTED");
        assertThat(version.getString("reason")).contains("2 labelled request id(s) have no logged record")
                .contains("records without images cannot be imported");
        assertThat(version.getList("problems", String.class))
                .anyMatch(p -> p.startsWith("unknown request id ghost"))
                .anyMatch(p -> p.startsWith("unknown request id late") && p.contains("time range"))
                .anyMatch(p -> p.startsWith("request id noimg: the record holds no image"));
    }

    @Test
    void hostileSourcesAndLabelsAreRefused() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "source", "payloads:pets?labels=/etc/passwd"))
                .post("/datasets").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "source", "payloads:pets?topic=secrets&labels="
                + labels("c1,cat\n"))).post("/datasets").then().statusCode(400);

        JsonPath version = importAndWait("bad-labels", "payloads:pets?labels="
                + labels("c1,cat\n../d1,dog\nd2,do\u202Eg\n"));

        assertThat(version.getString("status")).isEqualTo("REJECTED");
        assertThat(version.getList("problems", String.class)).hasSize(2)
                .anyMatch(p -> p.contains("line 2") && p.contains("request id"))
                .anyMatch(p -> p.contains("line 3") && p.contains("bidirectional override"));
    }

    private static Path labels(String content) throws Exception {
        Path file = Files.createTempFile("sightline-labels", ".csv");
        Files.writeString(file, content);
        return file;
    }

    private static JsonPath importAndWait(String name, String source) {
        String version = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "source", source, "testRatio", 0.34))
                .post("/datasets").then().statusCode(202).extract().path("version");
        String path = "/datasets/" + name + "/versions/" + version;
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            String status = given().get(path).jsonPath().getString("status");
            return "READY".equals(status) || "REJECTED".equals(status);
        });
        return given().get(path).jsonPath();
    }
}
