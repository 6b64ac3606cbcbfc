package io.sightline.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sightline.dataset.ShippedDatasets;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Layouts, options and policies over REST: the preview, the folder import, the archive upload, the tree. */
@QuarkusTest
@WithTestResource(TempStoreResource.class)
class DatasetLayoutResourceTest {

    private static Map<String, Object> body(String name, Path source) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("source", "file:" + source);
        return body;
    }

    private static JsonPath ready(String name, String version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/datasets/" + name + "/versions/" + version)
                .jsonPath().getString("status").matches("READY|REJECTED"));
        return given().get("/datasets/" + name + "/versions/" + version).jsonPath();
    }

    @Test
    void theLayoutPreviewSaysWhatItFoundAndRefusesWhatItCannotTell() throws Exception {
        Path split = Files.createTempDirectory("sightline-split-");
        ShippedDatasets.preSplit(split, List.of("cat", "dog"), 4, 2);
        given().contentType(ContentType.JSON).body(body(null, split)).when().post("/datasets/layout")
                .then().statusCode(200).body("layout", equalTo("split-folders")).body("detected", equalTo(true))
                .body("why", containsString("train/")).body("classes.size()", equalTo(2))
                .body("images", equalTo(12)).body("splits.train", equalTo(8)).body("splits.test", equalTo(4));

        Path kaggle = Files.createTempDirectory("sightline-kaggle-");
        ShippedDatasets.kaggle(kaggle, 2, 3);
        Files.writeString(kaggle.resolve("Test.csv"), "Path,ClassId\nTest/0.png,0\n");
        given().contentType(ContentType.JSON).body(body(null, kaggle)).when().post("/datasets/layout")
                .then().statusCode(400).body("error", containsString("several labels files"));
        Map<String, Object> named = body(null, kaggle);
        named.put("labelsFile", "Train.csv");
        given().contentType(ContentType.JSON).body(named).when().post("/datasets/layout")
                .then().statusCode(200).body("layout", equalTo("csv")).body("labelsFile", equalTo("Train.csv"))
                .body("images", equalTo(6));

        Map<String, Object> bad = body(null, split);
        bad.put("layout", "folders");
        given().contentType(ContentType.JSON).body(bad).when().post("/datasets/layout")
                .then().statusCode(400).body("error", containsString("class-folders, split-folders, csv, filename"));
        bad.put("layout", null);
        bad.put("name", "pets");
        bad.put("nearDuplicates", "ignore");
        given().contentType(ContentType.JSON).body(bad).when().post("/datasets")
                .then().statusCode(400).body("error", containsString("nearDuplicates must be warn or reject"));
    }

    @Test
    void gtsrbsTestFolderImportsWithCropsAndSignNamesAndMaterialisesClassFolders() throws Exception {
        Path src = Files.createTempDirectory("sightline-gtsrb-test-");
        ShippedDatasets.gtsrbTest(src, 3, 4);
        ShippedDatasets.signNames(src.resolve("signnames.csv"));
        Map<String, Object> request = body("gtsrb-test", src);
        request.put("crop", "roi");
        request.put("classNames", "signnames.csv");
        String version = given().contentType(ContentType.JSON).body(request).when().post("/datasets")
                .then().statusCode(202).extract().jsonPath().getString("version");

        JsonPath detail = ready("gtsrb-test", version);
        assertThat(detail.getString("status")).isEqualTo("READY");
        assertThat(detail.getString("layout")).isEqualTo("csv");
        assertThat(detail.getString("classNames.'1'")).isEqualTo("Speed limit (30km/h)");
        JsonPath manifest = given().get("/datasets/gtsrb-test/versions/" + version + "/manifest").jsonPath();
        assertThat(manifest.getString("layout")).isEqualTo("csv");
        assertThat(manifest.getInt("entries[0].crop.x2")).isEqualTo(36);
        assertThat(manifest.getString("entries[0].original")).hasSize(64);

        JsonPath tree = given().post("/datasets/gtsrb-test/versions/" + version + "/tree")
                .then().statusCode(200).extract().jsonPath();
        assertThat(tree.getInt("verified")).isEqualTo(12);
        try (Stream<Path> classes = Files.list(Path.of(tree.getString("path")).resolve("train"))) {
            assertThat(classes.map(p -> p.getFileName().toString())).isSubsetOf("0", "1", "2").isNotEmpty();
        }
    }

    @Test
    void anArchiveTakesTheSameOptionsAsQueryParameters() throws Exception {
        Path src = Files.createTempDirectory("sightline-gtsrb-train-");
        ShippedDatasets.gtsrbTraining(src, 2, 2, 3);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip); Stream<Path> files = Files.walk(src)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry("GTSRB/Final_Training/Images/" + src.relativize(file)));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        String version = given().contentType("application/zip").body(zip.toByteArray())
                .queryParam("crop", "roi").queryParam("corruptFiles", "exclude")
                .when().post("/datasets/gtsrb-train/archive")
                .then().statusCode(202).extract().jsonPath().getString("version");
        JsonPath detail = ready("gtsrb-train", version);
        assertThat(detail.getString("status")).as(detail.prettify()).isEqualTo("READY");
        assertThat(detail.getString("layout")).isEqualTo("class-folders");
        JsonPath manifest = given().get("/datasets/gtsrb-train/versions/" + version + "/manifest").jsonPath();
        assertThat(manifest.getList("entries.crop")).doesNotContainNull().hasSize(12);
        JsonPath report = given().get("/datasets/gtsrb-train/versions/" + version + "/verification").jsonPath();
        assertThat(report.getString("corruptFiles")).isEqualTo("exclude");

        given().contentType("application/zip").body(new byte[10]).queryParam("layout", "tree")
                .when().post("/datasets/gtsrb-train/archive")
                .then().statusCode(400).body("error", containsString("layout must be one of"));
    }
}
