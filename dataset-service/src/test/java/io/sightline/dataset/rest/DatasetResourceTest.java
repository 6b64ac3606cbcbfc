package io.sightline.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.messaging.KafkaDatasetEvents;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempStoreResource.class)
class DatasetResourceTest {

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    ObjectMapper json;

    private static Map<String, Object> body(String name, String source) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("source", source);
        return body;
    }

    @Test
    void anImportBecomesReadyAndEmitsDatasetSplitWithItsCounts() throws Exception {
        Path src = Files.createTempDirectory("sightline-src-");
        TestImages.images(src, "cats", "c", 4);
        TestImages.pgm(src.resolve("cats/scan.pgm"), 8, 8); // decodes only with the TwelveMonkeys plugin
        TestImages.images(src, "dogs", "d", 3);
        Files.writeString(src.resolve("dogs/.DS_Store"), "x");
        InMemorySink<Object> sink = connector.sink(KafkaDatasetEvents.CHANNEL);
        sink.clear();
        Map<String, Object> request = body("pets", "file:" + src);
        request.put("testRatio", 0.4);
        request.put("seed", 7);

        JsonPath accepted = given().contentType(ContentType.JSON).body(request)
                .when().post("/datasets")
                .then().statusCode(202)
                .header("Location", endsWith("/datasets/pets/versions/1"))
                .body("name", equalTo("pets")).body("version", equalTo("1")).body("status", equalTo("PENDING"))
                .extract().jsonPath();
        String version = accepted.getString("version");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/datasets/pets/versions/" + version)
                .jsonPath().getString("status").equals("READY"));

        JsonPath detail = given().get("/datasets/pets/versions/" + version).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getInt("counts.cats.total")).isEqualTo(5);
        assertThat(detail.getInt("counts.dogs.total")).isEqualTo(3);
        assertThat(detail.getBoolean("verification.passed")).isTrue();
        assertThat(detail.getBoolean("verification.reconciled")).isTrue();
        assertThat(detail.getInt("verification.ignored")).isEqualTo(1);
        assertThat(detail.getInt("verification.blobsChecked")).isEqualTo(8);
        assertThat(detail.getString("verification.trainingAdvice.recommendation")).isEqualTo("transfer");
        assertThat(detail.getInt("verification.trainingAdvice.transferBelow")).isEqualTo(2000);

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.received().isEmpty());
        Message<Object> message = sink.received().get(0);
        assertThat(message.getPayload()).isInstanceOf(DatasetSplit.class);
        DatasetSplit event = (DatasetSplit) message.getPayload();
        assertThat(event.dataset()).isEqualTo("pets");
        assertThat(event.version()).isEqualTo(version);
        assertThat(event.digest()).isEqualTo(detail.getString("digest"));
        assertThat(event.classes()).containsExactly("cats", "dogs");
        for (String cls : event.classes()) {
            assertThat(event.counts().get(cls).train()).isEqualTo(detail.getInt("counts." + cls + ".train"));
            assertThat(event.counts().get(cls).test()).isEqualTo(detail.getInt("counts." + cls + ".test"));
            assertThat(event.counts().get(cls).test()).as("test images of " + cls).isPositive();
        }
        assertThat(event.testRatio()).isEqualTo(0.4);
        assertThat(event.seed()).isEqualTo(7);
        assertThat(message.getMetadata(OutgoingKafkaRecordMetadata.class))
                .hasValueSatisfying(m -> assertThat(m.getKey()).isEqualTo("pets"));
        assertThat(message.getMetadata(OutgoingCloudEventMetadata.class)).hasValueSatisfying(ce -> {
            assertThat(ce.getType()).isEqualTo(EventTypes.DATASET_SPLIT);
            assertThat(ce.getId()).isEqualTo(event.eventId());
            assertThat(ce.getSource().toString()).isEqualTo(EventTypes.SOURCE_DATASET_SERVICE);
        });

        // the bytes that would go to Kafka: the configured serializer, Instants as ISO text
        assertThat(ConfigProvider.getConfig()
                .getValue("mp.messaging.outgoing." + KafkaDatasetEvents.CHANNEL + ".topic", String.class))
                .isEqualTo(Topics.DATASETS);
        @SuppressWarnings("unchecked")
        Serializer<Object> serializer = (Serializer<Object>) Class.forName(ConfigProvider.getConfig().getValue(
                "mp.messaging.outgoing." + KafkaDatasetEvents.CHANNEL + ".value.serializer", String.class))
                .getDeclaredConstructor().newInstance();
        JsonNode wire = json.readTree(new String(serializer.serialize(Topics.DATASETS, event), StandardCharsets.UTF_8));
        assertThat(wire.get("splitAt").isTextual()).isTrue();
        assertThat(Instant.parse(wire.get("splitAt").asText())).isEqualTo(event.splitAt());
        assertThat(wire.at("/counts/cats/test").asInt()).isEqualTo(event.counts().get("cats").test());

        given().get("/datasets").then().statusCode(200)
                .body("name", hasItem("pets")).body("find { it.name == 'pets' }.latestVersion", equalTo(version));
        given().get("/datasets/pets").then().statusCode(200)
                .body("versions[0].status", equalTo("READY")).body("versions[0].digest", equalTo(event.digest()));
        JsonPath manifest = given().get("/datasets/pets/versions/" + version + "/manifest").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
        assertThat(manifest.getList("entries")).hasSize(8);
        assertThat(manifest.getString("digest")).isEqualTo(event.digest());
        given().get("/datasets/pets/versions/" + version + "/verification").then().statusCode(200)
                .body("totals.source", equalTo(8)).body("passed", equalTo(true));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("sightline_dataset_splits_total{outcome=\"ready\"}"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("artifact-store"));
    }

    @Test
    void badInputIsRefusedWith400AndAReason() throws Exception {
        Path src = Files.createTempDirectory("sightline-src-");
        TestImages.images(src, "a", "x", 1);
        TestImages.images(src, "b", "y", 1);
        Path oneClass = Files.createTempDirectory("sightline-one-");
        TestImages.images(oneClass, "a", "x", 2);
        Map<String, Object> badRatio = body("ok", src.toString());
        badRatio.put("testRatio", 0);
        Map<String, Object> sumTooBig = body("ok", src.toString());
        sumTooBig.put("testRatio", 0.5);
        sumTooBig.put("validationRatio", 0.5);

        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(body("bad name!", src.toString()), "name must be");
        cases.put(badRatio, "testRatio must be greater than 0");
        cases.put(sumTooBig, "testRatio + validationRatio must be less than 1");
        cases.put(body("ok", src + "/nope"), "does not exist");
        cases.put(body("ok", "/etc"), "not inside an import root");
        cases.put(body("ok", oneClass.toString()), "at least 2 class folders");
        cases.put("{\"name\": \"ok\", \"source\": ", "malformed JSON");
        cases.put("{\"name\": \"ok\", \"testRatio\": \"lots\"}", "malformed JSON");

        cases.forEach((request, reason) -> given().contentType(ContentType.JSON).body(request)
                .when().post("/datasets")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString(reason)));
        given().get("/datasets/ok").then().statusCode(404);
    }

    @Test
    void unknownDatasetsAndVersionsAre404() {
        for (String path : List.of("/datasets/nothing-here", "/datasets/nothing-here/versions/1",
                "/datasets/nothing-here/versions/1/manifest", "/datasets/nothing-here/versions/1/verification",
                "/datasets/nothing-here/versions/x")) {
            given().get(path).then().statusCode(404).contentType(ContentType.JSON)
                    .body("error", containsString("nothing-here"));
        }
        given().get("/no-such-endpoint").then().statusCode(404);
    }

    @Test
    void anArchiveUploadIsImportedItsTreeMaterialisedAndBadUploadsAnswered4xx() throws Exception {
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            for (String cls : List.of("cats", "dogs")) {
                for (int i = 0; i < 3; i++) {
                    Path png = TestImages.png(Files.createTempDirectory("sightline-img-").resolve("x.png"), 10, 10);
                    out.putNextEntry(new java.util.zip.ZipEntry("upload/" + cls + "/" + i + ".png"));
                    out.write(Files.readAllBytes(png));
                    out.closeEntry();
                }
            }
        }
        String version = given().contentType("application/zip").body(zip.toByteArray())
                .queryParam("testRatio", 0.34).queryParam("seed", 3)
                .when().post("/datasets/uploaded/archive")
                .then().statusCode(202).header("Location", containsString("/datasets/uploaded/versions/"))
                .extract().jsonPath().getString("version");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/datasets/uploaded/versions/" + version)
                .jsonPath().getString("status").equals("READY"));
        JsonPath detail = given().get("/datasets/uploaded/versions/" + version).jsonPath();
        assertThat(detail.getInt("counts.cats.total")).isEqualTo(3);
        assertThat(detail.getInt("verification.labelConflicts")).isZero();
        assertThat((Object) detail.get("progress")).isNull(); // only while splitting

        JsonPath tree = given().post("/datasets/uploaded/versions/" + version + "/tree")
                .then().statusCode(200).extract().jsonPath();
        assertThat(tree.getInt("files")).isEqualTo(6);
        assertThat(tree.getInt("verified")).isEqualTo(6);
        assertThat(Path.of(tree.getString("path")).resolve("train")).isDirectory();

        given().contentType("application/octet-stream").body("plain text, no archive".getBytes(StandardCharsets.UTF_8))
                .when().post("/datasets/uploaded/archive")
                .then().statusCode(400).body("error", containsString("not a zip, tar or tar.gz"));
        given().contentType("application/zip").body(new byte[10]).queryParam("testRatio", 2)
                .when().post("/datasets/uploaded/archive")
                .then().statusCode(400).body("error", containsString("testRatio"));
        given().contentType("application/zip").body(new byte[300_000]) // %test limit: 200000 bytes
                .when().post("/datasets/uploaded/archive")
                .then().statusCode(413).body("error", containsString("over the limit"));
    }
}
