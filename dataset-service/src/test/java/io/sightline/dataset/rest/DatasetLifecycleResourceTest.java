package io.sightline.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.messaging.KafkaDatasetEvents;
import io.sightline.events.DatasetDeleted;
import io.sightline.kit.rest.Pages;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreKeys;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Deletes, tombstones, retention, pagination and the garbage collection over HTTP, with a token of every role. */
@QuarkusTest
@TestProfile(DatasetLifecycleResourceTest.WithToken.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(TempStoreResource.class)
class DatasetLifecycleResourceTest {

    static final String TOKEN = "lifecycle-s3cret";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sightline.auth.token", TOKEN,
                    "sightline.dataset.gc.grace", "0s",
                    "sightline.dataset.gc.repack-below", "1.0");
        }
    }

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    ArtifactStore store;

    private static RequestSpecification authorised() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** Imports a small folder as {@code name} and waits for READY; returns the version. */
    private static String imported(String name, Path src) {
        String version = authorised().contentType(ContentType.JSON)
                .body(Map.of("name", name, "source", "file:" + src, "testRatio", 0.25))
                .post("/datasets").then().statusCode(202).extract().path("version");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/datasets/" + name + "/versions/" + version)
                .jsonPath().getString("status").equals("READY"));
        return version;
    }

    private static Path folder(String name) throws Exception {
        Path src = Files.createTempDirectory("sightline-lifecycle-" + name);
        TestImages.images(src, "a", "a", 3);
        TestImages.images(src, "b", "b", 3);
        return src;
    }

    /**
     * Last: on a file store the collection keeps writers out for a while after it deleted something (the storage's
     * settle time), so no test imports after it.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aTombstoneKeepsItsManifestAndTheCollectionAppliesRetentionAndReclaimsTheBytes() throws Exception {
        Path kept = folder("kept");
        for (int i = 0; i < 3; i++) {
            TestImages.images(kept, "b", "r" + i + "-", 1);
            imported("kept", kept);
        }
        given().get("/datasets/kept/retention").then().statusCode(200)
                .body("keepLast", nullValue()).body("effectiveKeepLast", equalTo(0));
        given().contentType(ContentType.JSON).body("{\"keepLast\":1}").put("/datasets/kept/retention")
                .then().statusCode(401);
        authorised().contentType(ContentType.JSON).body("{\"keepLast\":1}").put("/datasets/kept/retention")
                .then().statusCode(200).body("keepLast", equalTo(1)).body("effectiveKeepLast", equalTo(1));
        Path src = folder("tomb");
        String version = imported("tomb", src);
        store.write(StoreKeys.metrics("tomb-model", "1"), ("{\"lineage\":{\"dataset\":\"tomb\",\"datasetVersion\":\""
                + version + "\"}}").getBytes(StandardCharsets.UTF_8));
        InMemorySink<Object> sink = connector.sink(KafkaDatasetEvents.CHANNEL);
        sink.clear();

        given().delete("/datasets/tomb/versions/" + version).then().statusCode(401);
        authorised().delete("/datasets/tomb/versions/" + version)
                .then().statusCode(200)
                .body("dataset", equalTo("tomb")).body("version", equalTo(version))
                .body("tombstone", equalTo(true));

        given().get("/datasets/tomb/versions/" + version)
                .then().statusCode(200)
                .body("status", equalTo("DELETED")).body("counts.a.total", equalTo(3));
        given().get("/datasets/tomb/versions/" + version + "/manifest").then().statusCode(200)
                .body("entries.size()", equalTo(6));
        authorised().post("/datasets/tomb/versions/" + version + "/tree").then().statusCode(410)
                .body("error", containsString("deleted"));
        assertThat(sink.received()).singleElement().satisfies(m -> {
            DatasetDeleted event = (DatasetDeleted) m.getPayload();
            assertThat(event.tombstone()).isTrue();
            assertThat(event.version()).isEqualTo(version);
        });

        authorised().post("/admin/gc").then().statusCode(200)
                .body("bytesReclaimed", greaterThan(0)).body("deferred", nullValue())
                .body("datasetVersionsDeleted", equalTo(2)).body("looseBlobsDeleted", notNullValue())
                .body("packsRepacked", notNullValue()).body("durationMs", notNullValue());
        given().get("/datasets/kept").then().statusCode(200).body("versions.version", equalTo(List.of("3")));
        assertThat(store.exists(StoreKeys.datasetVersion("kept", "1"))).isFalse();
        assertThat(store.exists(StoreKeys.manifest("tomb", version))).isTrue();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("sightline_gc_runs_total{service=\"dataset\"}"))
                .body(containsString("sightline_gc_reclaimed_bytes_total{service=\"dataset\"}"));
    }

    @Test
    void aRemovedVersionAnswers404AndTheDatasetGoesWithItsLastVersion() throws Exception {
        Path src = folder("gone");
        String version = imported("gone", src);

        authorised().delete("/datasets/gone").then().statusCode(200)
                .body("version", nullValue()).body("tombstone", equalTo(false)).body("removed[0]", equalTo(version));

        given().get("/datasets/gone/versions/" + version).then().statusCode(404);
        given().get("/datasets/gone").then().statusCode(404);
        authorised().delete("/datasets/gone").then().statusCode(404);
        String next = imported("gone", src);
        assertThat(Integer.parseInt(next)).isGreaterThan(Integer.parseInt(version));
    }

    @Test
    void pagesAreCompleteAndStableWhileItemsGo() throws Exception {
        Path src = folder("paged");
        for (int i = 0; i < 5; i++) {
            imported("paged-" + i, src);
        }
        List<String> seen = new ArrayList<>();
        Response first = given().queryParam("limit", 2).get("/datasets");
        first.then().statusCode(200).header("Link", containsString("rel=\"next\""));
        seen.addAll(first.jsonPath().getList("name"));
        // the first page's last item goes: the next page still starts right after it
        authorised().delete("/datasets/" + seen.get(1)).then().statusCode(200);
        String cursor = first.header(Pages.NEXT_CURSOR);
        while (cursor != null) {
            Response page = given().queryParam("limit", 2).queryParam("after", cursor).get("/datasets");
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("name"));
            cursor = page.header(Pages.NEXT_CURSOR);
        }
        assertThat(seen.stream().filter(n -> n.startsWith("paged-")).toList())
                .containsExactly("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
        assertThat(seen).doesNotHaveDuplicates().isSorted();

        given().queryParam("status", "ready").queryParam("limit", 1000).get("/datasets").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItem("paged-4"));
        given().queryParam("status", "DELETED").get("/datasets").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("paged-4")));

        TestImages.images(src, "a", "more", 1);
        imported("paged-4", src);
        TestImages.images(src, "a", "again", 1);
        imported("paged-4", src);
        Response versions = given().queryParam("limit", 2).get("/datasets/paged-4");
        versions.then().statusCode(200).body("name", equalTo("paged-4")).body("versions.version",
                equalTo(List.of("1", "2")));
        given().queryParam("limit", 2).queryParam("after", versions.header(Pages.NEXT_CURSOR)).get("/datasets/paged-4")
                .then().statusCode(200).body("versions.version", equalTo(List.of("3")))
                .header(Pages.NEXT_CURSOR, nullValue());
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        authorised().delete("/datasets/-bad").then().statusCode(400).body("error", containsString("dataset name"));
        authorised().urlEncodingEnabled(false).delete("/datasets/pets/versions/x%0Ay").then().statusCode(400)
                .body("error", containsString("\\u000a"));
        authorised().delete("/datasets/never-there/versions/1").then().statusCode(404);
        given().queryParam("limit", 0).get("/datasets").then().statusCode(400).body("error", containsString("limit"));
        given().queryParam("limit", 5000).get("/datasets").then().statusCode(400);
        given().queryParam("after", "%%%").get("/datasets").then().statusCode(400);
        given().queryParam("status", "GONE").get("/datasets").then().statusCode(400)
                .body("error", containsString("READY"));
        given().get("/datasets/never-there/retention").then().statusCode(404);
        authorised().contentType(ContentType.JSON).body("{\"keepLast\":-1}").put("/datasets/never-there/retention")
                .then().statusCode(404);
    }

    @Test
    void aNegativeRetentionIsRefused() throws Exception {
        imported("neg", folder("neg"));
        authorised().contentType(ContentType.JSON).body("{\"keepLast\":-1}").put("/datasets/neg/retention")
                .then().statusCode(400).body("error", containsString("keepLast"));
        authorised().contentType(ContentType.JSON).body("{\"maxAgeDays\":-3}").put("/datasets/neg/retention")
                .then().statusCode(400).body("error", containsString("maxAgeDays"));
    }
}
