package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.trainer.console.DatasetServiceStandIn;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's import endpoints against a real HTTP server standing in for the dataset-service. */
@QuarkusTest
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class)
class ConsoleImportApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetServiceStandIn datasetService;

    @BeforeEach
    void startStandIn() throws IOException {
        datasetService = DatasetServiceStandIn.start(port());
    }

    @AfterEach
    void stopStandIn() {
        datasetService.close();
    }

    private static int port() {
        return Integer.parseInt(System.getProperty(DatasetServicePort.PORT_PROPERTY));
    }

    @Test
    void aLayoutPreviewIsForwardedWithItsBodyAndAuthorizationAndAnsweredAsIs() throws IOException {
        String preview = "{\"layout\":\"split-folders\",\"detected\":true,\"why\":\"train/ and test/ folders\","
                + "\"classes\":[\"cat\",\"dog\"],\"images\":120,\"splits\":{\"test\":20,\"train\":100},"
                + "\"labelsFile\":null,\"ignored\":0,\"problems\":[]}";
        datasetService.answer(200, preview);

        String answer = given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret")
                .body("{\"source\":\"/data/pets\",\"layout\":\"split-folders\",\"testRatio\":0.2,\"seed\":7}")
                .post("/console/api/datasets/layout")
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();

        assertThat(JSON.readTree(answer)).isEqualTo(JSON.readTree(preview));
        assertThat(datasetService.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/datasets/layout");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(JSON.readValue(r.body(), Map.class)).isEqualTo(
                    Map.of("source", "/data/pets", "layout", "split-folders", "testRatio", 0.2, "seed", 7));
        });
    }

    @Test
    void anImportIsForwardedAndItsLocationIsTheConsolePathToPoll() throws IOException {
        datasetService.answer(202, "{\"name\":\"pets\",\"version\":\"3\",\"status\":\"PENDING\"}");

        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret")
                .body("{\"name\":\"pets\",\"source\":\"/data/pets\",\"layout\":\"csv\",\"labels\":\"labels.csv\","
                        + "\"pathColumn\":\"File\",\"labelColumn\":\"Class\",\"crop\":\"roi\",\"corruptFiles\":\"exclude\","
                        + "\"labelConflicts\":\"warn\",\"nearDuplicates\":null}")
                .post("/console/api/datasets")
                .then().statusCode(202)
                .header("Location", endsWith("/console/api/datasets/pets/versions/3"))
                .body("name", equalTo("pets")).body("version", equalTo("3")).body("status", equalTo("PENDING"));

        assertThat(datasetService.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/datasets");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
            assertThat(JSON.readTree(r.body()).get("labels").asText()).isEqualTo("labels.csv");
            assertThat(JSON.readTree(r.body()).get("crop").asText()).isEqualTo("roi");
        });
    }

    @Test
    void theDatasetServicesRefusalComesBackAsItIs() {
        datasetService.answer(400, "{\"error\":\"the layout of /data/pets cannot be told: both class folders and a CSV\"}");

        given().contentType(ContentType.JSON).body("{\"name\":\"pets\",\"source\":\"/data/pets\"}")
                .post("/console/api/datasets")
                .then().statusCode(400).header("Location", nullValue())
                .body("error", equalTo("the layout of /data/pets cannot be told: both class folders and a CSV"));
        assertThat(datasetService.received()).hasSize(1);
    }

    @Test
    void aVersionIsPolledWithoutAnAuthorizationTheCallerDidNotSend() {
        datasetService.answer(200, "{\"name\":\"pets\",\"version\":\"3\",\"status\":\"SPLITTING\","
                + "\"progress\":{\"stage\":\"copy\",\"done\":40,\"total\":120}}");

        given().get("/console/api/datasets/pets/versions/3")
                .then().statusCode(200).body("status", equalTo("SPLITTING")).body("progress.done", equalTo(40));

        assertThat(datasetService.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/datasets/pets/versions/3");
            assertThat(r.authorization()).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"pets\",\"url\":\"http://elsewhere/\"}",
        "{\"name\":\"pets\",\"source\":{\"path\":\"/data\"}}",
        "{\"name\":\"pets\",\"crop\":true}",
        "{\"name\":\"pets\",\"classNames\":[\"a\"]}",
        "[{\"name\":\"pets\"}]",
        "\"pets\"",
        "{\"name\":",
        ""
    })
    void aBodyThatIsNotAnObjectOfKnownOptionsIsRefusedAndNotForwarded(String body) {
        for (String path : new String[] {"/console/api/datasets", "/console/api/datasets/layout"}) {
            String error = given().contentType(ContentType.JSON).body(body).post(path)
                    .then().statusCode(400).contentType(ContentType.JSON).extract().path("error");
            assertThat(error).as(path).isNotBlank();
        }
        assertThat(datasetService.received()).isEmpty();
    }

    @Test
    void aBodyOverSixtyFourKibIsRefusedAndNotForwarded() {
        String body = "{\"name\":\"pets\",\"source\":\"/" + "a".repeat(64 * 1024) + "\"}";

        given().contentType(ContentType.JSON).body(body).post("/console/api/datasets")
                .then().statusCode(400).body("error", equalTo("the import options must fit in 64 KiB"));
        assertThat(datasetService.received()).isEmpty();
    }

    @Test
    void aFailingDatasetServiceIsA502ThatEchoesNothingOfIt() {
        datasetService.answer(500, "{\"error\":\"NullPointerException at io.sightline.dataset.Internal\"}");
        String notAnswering = "the dataset-service at http://localhost:" + port() + " is not answering";

        String answer = given().contentType(ContentType.JSON).body("{\"name\":\"pets\",\"source\":\"/data/pets\"}")
                .post("/console/api/datasets")
                .then().statusCode(502).body("error", equalTo(notAnswering)).extract().asString();
        assertThat(answer).doesNotContain("NullPointerException");

        // something else listening there, answering a page instead of JSON
        datasetService.answer(200, "<html>router login</html>", "text/html");
        given().get("/console/api/datasets/pets/versions/1")
                .then().statusCode(502).body("error", equalTo(notAnswering));
    }

    @Test
    void anUnreachableDatasetServiceIsA502() {
        datasetService.close();

        given().contentType(ContentType.JSON).body("{\"source\":\"/data/pets\"}").post("/console/api/datasets/layout")
                .then().statusCode(502)
                .body("error", equalTo("the dataset-service at http://localhost:" + port() + " is not answering"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-pets/versions/1", "pets/versions/.hidden", "pe%20ts/versions/1", "..%2Fsecrets/versions/1",
        "pets/versions/1%3Fx=1"})
    void badNamesOrVersionsAreRefusedAndNotForwarded(String segments) {
        int status = given().urlEncodingEnabled(false).get("/console/api/datasets/" + segments)
                .then().extract().statusCode();
        assertThat(status).isIn(400, 404);
        given().get("/console/api/datasets/" + "a".repeat(129) + "/versions/1").then().statusCode(400);
        assertThat(datasetService.received()).isEmpty();
    }

    @Test
    void aVersionDeleteIsForwardedWithAuthorizationAndItsTombstoneAnsweredAsIs() {
        datasetService.answer(200, "{\"dataset\":\"pets\",\"version\":\"3\",\"tombstone\":true,"
                + "\"bytesFreed\":0,\"removed\":[],\"tombstoned\":[\"3\"]}");

        given().header("Authorization", "Bearer s3cret").delete("/console/api/datasets/pets/versions/3")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("tombstone", equalTo(true)).body("tombstoned[0]", equalTo("3"));

        assertThat(datasetService.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.path()).isEqualTo("/datasets/pets/versions/3");
            assertThat(r.query()).isNull();
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
        });
    }

    @Test
    void aDatasetDeleteIsForwardedToTheDatasetItself() {
        datasetService.answer(200, "{\"dataset\":\"pets\",\"version\":null,\"tombstone\":false,"
                + "\"bytesFreed\":2048,\"removed\":[\"1\",\"2\"],\"tombstoned\":[]}");

        given().header("Authorization", "Bearer s3cret").delete("/console/api/datasets/pets")
                .then().statusCode(200).body("removed.size()", equalTo(2)).body("version", nullValue());

        assertThat(datasetService.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.path()).isEqualTo("/datasets/pets");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 409})
    void aRefusedDeleteComesBackAsItIs(int status) {
        String why = status == 404 ? "no version 9 of dataset pets" : "version 9 of pets is being imported (SPLITTING)";
        datasetService.answer(status, "{\"error\":\"" + why + "\"}");

        given().delete("/console/api/datasets/pets/versions/9").then().statusCode(status).body("error", equalTo(why));
        given().delete("/console/api/datasets/pets").then().statusCode(status).body("error", equalTo(why));
        assertThat(datasetService.received()).extracting(DatasetServiceStandIn.Received::method)
                .containsExactly("DELETE", "DELETE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-pets", "-pets/versions/1", "pets/versions/.hidden", "pe%20ts", "..%2Fsecrets",
        "..%2Fsecrets/versions/1", "pets/versions/1%3Fx=1", "pets/versions/..%2F..%2Fmodels"})
    void deletesOfBadNamesOrVersionsAreRefusedAndNotForwarded(String segments) {
        int status = given().urlEncodingEnabled(false).delete("/console/api/datasets/" + segments)
                .then().extract().statusCode();
        assertThat(status).as(segments).isIn(400, 404, 405);
        given().delete("/console/api/datasets/" + "a".repeat(129)).then().statusCode(400);
        given().delete("/console/api/datasets/pets/versions/" + "1".repeat(129)).then().statusCode(400);
        assertThat(datasetService.received()).isEmpty();
    }

    @Test
    void aDatasetsVersionsAreListedFromTheDatasetService() {
        datasetService.answer(200, "{\"name\":\"pets\",\"versions\":[{\"version\":\"1\",\"status\":\"DELETED\"},"
                + "{\"version\":\"2\",\"status\":\"READY\"}]}");

        given().header("Authorization", "Bearer s3cret").get("/console/api/datasets/pets")
                .then().statusCode(200).body("versions[0].status", equalTo("DELETED"));

        assertThat(datasetService.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/datasets/pets");
            assertThat(r.query()).isEqualTo("limit=1000");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
        });
        given().urlEncodingEnabled(false).get("/console/api/datasets/..%2Fsecrets").then().statusCode(400);
        assertThat(datasetService.received()).hasSize(1);
    }

    @Test
    void aDroppedArchiveStreamsOnWithItsTypeAndKnownOptions() {
        datasetService.answer(202, "{\"name\":\"pets\",\"version\":\"4\",\"status\":\"PENDING\"}");
        byte[] tar = new byte[300_000];
        tar[0] = 'p';

        given().contentType("application/x-tar").header("Authorization", "Bearer s3cret").body(tar)
                .queryParam("testRatio", "0.2").queryParam("groupPattern", "^(a{2})_")
                .post("/console/api/datasets/pets/archive")
                .then().statusCode(202)
                .header("Location", endsWith("/console/api/datasets/pets/versions/4"));

        assertThat(datasetService.received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/datasets/pets/archive");
            assertThat(r.query()).contains("testRatio=0.2").contains("groupPattern=^(a{2})_");
            assertThat(r.contentType()).isEqualTo("application/x-tar");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
            assertThat(r.body()).hasSize(300_000).startsWith("p");
        });
    }

    @Test
    void anUploadWithAnUnknownOptionOrANonArchiveTypeIsRefusedAndNotForwarded() {
        given().contentType("application/x-tar").body(new byte[10]).queryParam("source", "/etc")
                .post("/console/api/datasets/pets/archive")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("the options are"));
        given().contentType("text/plain").body("x").post("/console/api/datasets/pets/archive").then().statusCode(415);
        assertThat(datasetService.received()).isEmpty();
    }

    @Test
    void jsonBodiesStayBoundedThoughUploadsMayBeLarge() {
        String body = "{\"model\":\"" + "m".repeat(2 * 1024 * 1024) + "\"}";

        given().contentType(ContentType.JSON).body(body).post("/training-jobs").then().statusCode(413);
    }
}
