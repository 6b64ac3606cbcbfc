package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.events.EventTypes;
import io.sightline.events.TrainingRequested;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /sweeps} over HTTP: refusals with their reasons, and a sweep's first rung queued as training jobs. */
@QuarkusTest
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class) // the same resources as TrainerApiTest: one app for both
class SweepApiTest {

    private static final String SPACE = "\"space\":{\"learningRate\":[0.01,\"auto\"],\"batchSize\":[8]}";

    @Inject
    @Any
    InMemoryConnector connector;

    InMemorySink<Object> requests;
    InMemorySink<Object> progress;

    @BeforeEach
    void clearSinks() {
        requests = connector.sink("training-requests-out");
        progress = connector.sink("training-events");
        requests.clear();
        progress.clear();
    }

    @Test
    void aGridSweepQueuesItsFirstRungAsTrialJobsAndIsReadableWithItsReport() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"model\":\"swept\",\"dataset\":\"shapes\",\"search\":\"grid\",\"epochs\":2,\"imageSize\":16,"
                        + SPACE + "}")
                .when().post("/sweeps")
                .then().statusCode(202).body("status", equalTo("RUNNING")).body("trials", equalTo(2))
                .body("rungs", equalTo(1)).extract().path("sweepId");

        assertThat(requests.received()).hasSize(2).allSatisfy(m -> {
            TrainingRequested r = (TrainingRequested) m.getPayload();
            assertThat(r.model()).isEqualTo("sweep-" + id);
            assertThat(r.trigger()).isEqualTo("sweep-trial:" + id);
            assertThat(r.parameters().epochs()).isEqualTo(2);
        });
        assertThat(progress.received()).anySatisfy(m -> assertThat(
                m.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow().getType())
                .isEqualTo(EventTypes.SWEEP_STARTED));
        given().when().get("/sweeps/" + id).then().statusCode(200).body("status", equalTo("RUNNING"))
                .body("trials", hasSize(2)).body("trials[1].parameters.learningRate", equalTo("auto"))
                .body("trials[0].runs[0].status", equalTo("QUEUED"));
        given().when().get("/sweeps/" + id + "/report").then().statusCode(200)
                .contentType(ContentType.HTML).body(containsString("class=\"trials\""));
    }

    @Test
    void aRunningSweepIsListedThenCancelledWithItsJobsAndKeptAsCancelled() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"model\":\"cancelled-sweep\",\"dataset\":\"shapes\",\"search\":\"grid\",\"epochs\":2,"
                        + "\"imageSize\":16," + SPACE + "}")
                .when().post("/sweeps").then().statusCode(202).extract().path("sweepId");
        given().when().get("/sweeps").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.status", equalTo("RUNNING"))
                .body("find { it.id == '" + id + "' }.model", equalTo("cancelled-sweep"))
                .body("find { it.id == '" + id + "' }.trials", equalTo(2));
        String firstJob = given().when().get("/sweeps/" + id).then().extract().path("trials[0].runs[0].jobId");

        given().when().delete("/sweeps/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("reason", containsString("2 unfinished jobs cancelled"))
                .body("trials.runs.flatten().status", org.hamcrest.Matchers.everyItem(equalTo("CANCELLED")));
        // the jobs went through the job-cancel path: cancelled on the job table, as DELETE /training-jobs does
        given().when().get("/training-jobs/" + firstJob).then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().when().get("/sweeps/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().when().delete("/sweeps/" + id).then().statusCode(409)
                .body("error", containsString("only a RUNNING sweep can be cancelled"));
        given().when().delete("/sweeps/0123456789ab").then().statusCode(404);
        given().when().delete("/sweeps/..%2Fmodels").then().statusCode(400);
        // the console's sweeps section reads the same list
        given().when().get("/console/").then().statusCode(200).body(containsString("id=\"sweeps\""))
                .body(containsString("<script src=\"sweeps.js\">"));
        given().when().get("/console/sweeps.js").then().statusCode(200).body(containsString("fetch(`/sweeps/"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"m\",\"dataset\":\"shapes\"," + SPACE + "}                       | search must be grid or random",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\"}                 | space is required",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"random\",\"trials\":33," + SPACE + "} | trials must be between 1 and 32",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"random\",\"trials\":3," + SPACE + "} | trials (3) exceeds the 2 distinct",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"space\":{\"batchSize\":[]}} | space.batchSize must list 1 to 16",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"space\":{\"learningRate\":[1e-5,2e-5,3e-5,4e-5,5e-5,6e-5],\"batchSize\":[1,2,3,4,5,6]}} | the grid has 36 combinations",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"space\":{\"learningRate\":[0.01,2]}} | learningRate must be above 0 and below 1",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"space\":{\"batchSize\":[8,25]}} | batchSize 25 is larger than the 24 training images",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"space\":{\"architecture\":[\"vgg\"]}} | architecture must be one of",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"space\":{\"augmentation\":[[\"rotate\"]]}} | augmentation must name flip or crop",
            "{\"model\":\"../m\",\"dataset\":\"shapes\",\"search\":\"grid\"," + SPACE + "} | model must be",
            "{\"model\":\"m\",\"dataset\":\"nope\",\"search\":\"grid\"," + SPACE + "}     | dataset nope has no published version",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"budgetSeconds\":1," + SPACE + "} | budgetSeconds must be between 10",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"search\":\"grid\",\"space\":{\"learningRate\":[\"fast\"]}} | learningRate must be a number or",
    })
    void anInvalidSweepIsRefusedWithTheReasonAndNothingIsQueued(String body, String reason) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/sweeps")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString(reason.trim()));
        assertThat(requests.received()).isEmpty();
    }

    @Test
    void aMalformedOrUnknownSweepIdIsRefused() {
        given().when().get("/sweeps/..%2Fmodels").then().statusCode(400)
                .body("error", containsString("12 hexadecimal digits"));
        given().when().get("/sweeps/0123456789ab").then().statusCode(404).body("error", containsString("no sweep"));
        given().when().get("/sweeps/0123456789ab/report").then().statusCode(404);
    }
}
