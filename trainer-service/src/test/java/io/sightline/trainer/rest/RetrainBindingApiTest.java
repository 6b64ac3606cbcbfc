package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.RetrainBindingChanged;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.jobs.binding.RetrainBindings;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Retrain bindings through the API, with the in-memory connector: set, read, listed with their source, announced,
 * used by the next split without a restart, deleted; a configured one deleted stays off; bad bodies refused.
 */
@QuarkusTest
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class) // the same resources as TrainerApiTest: one app for both
class RetrainBindingApiTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ObjectMapper json;

    @Inject
    JobBoard board;

    @Inject
    ArtifactStore store;

    @Inject
    RetrainBindings bindings;

    private void split(DatasetSplit split) throws Exception {
        String payload = json.writeValueAsString(split);
        connector.source("datasets").send(Message.of(payload).addMetadata(new DefaultIncomingCloudEventMetadata<>(
                "1.0", split.eventId(), URI.create("/test"), EventTypes.DATASET_SPLIT, "application/json", null, null,
                null, Map.of(), payload)));
    }

    private static DatasetSplit newSplit(String dataset) {
        return new DatasetSplit(UUID.randomUUID().toString(), dataset, "1", "d", StoreKeys.manifest(dataset, "1"),
                TestDatasets.CLASSES, Map.of(), 0.2, 0.1, 1, Instant.now());
    }

    @Test
    void aBindingSetThroughTheApiIsAnnouncedUsedByTheNextSplitAndDeleted() throws Exception {
        InMemorySink<Object> announced = connector.sink("binding-events");
        announced.clear();
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"api-bound\",\"parameters\":{\"epochs\":2,\"imageSize\":16},\"debounceSeconds\":0}")
                .when().put("/retrain-bindings/api-ds")
                .then().statusCode(200)
                .body("dataset", equalTo("api-ds"))
                .body("model", equalTo("api-bound"))
                .body("source", equalTo("api"))
                .body("parameters.architecture", equalTo("cnn"))
                .body("parameters.epochs", equalTo(2))
                .body("parameters.learningRate", equalTo(0.001f))
                .body("debounceSeconds", equalTo(0))
                .body("by", equalTo("anonymous"));
        assertThat(new String(store.read("retrain-bindings/api-ds.json"), StandardCharsets.UTF_8))
                .contains("\"model\" : \"api-bound\"");
        assertThat(announced.received()).singleElement().satisfies(message -> {
            assertThat(((RetrainBindingChanged) message.getPayload()).dataset()).isEqualTo("api-ds");
            assertThat(((RetrainBindingChanged) message.getPayload()).deleted()).isFalse();
            assertThat(message.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow().getType())
                    .isEqualTo(EventTypes.RETRAIN_BINDING_CHANGED);
            assertThat(message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey()).isEqualTo("api-ds");
        });
        given().when().get("/retrain-bindings/api-ds").then().statusCode(200).body("source", equalTo("api"));
        given().when().get("/retrain-bindings").then().statusCode(200)
                .body("find { it.dataset == 'shapes' }.source", equalTo("config"))
                .body("find { it.dataset == 'shapes' }.model", equalTo("shapes-auto"))
                .body("find { it.dataset == 'api-ds' }.source", equalTo("api"));
        given().when().get("/retrain-bindings?limit=1").then().statusCode(200)
                .body("dataset", equalTo(List.of("api-ds")))
                .header("Link", containsString("after="));

        DatasetSplit first = newSplit("api-ds");
        split(first);
        String jobId = TrainingJobs.retrainJobIdOf(first, "api-bound");
        await().atMost(Duration.ofSeconds(10)).until(() -> board.find(jobId).isPresent());
        assertThat(board.find(jobId).orElseThrow().trigger()).isEqualTo("retrain:api-ds");

        given().when().delete("/retrain-bindings/api-ds").then().statusCode(204);
        given().when().get("/retrain-bindings/api-ds").then().statusCode(404)
                .body("error", equalTo("no retrain binding for dataset api-ds"));
        given().when().delete("/retrain-bindings/api-ds").then().statusCode(404);
        assertThat(store.exists("retrain-bindings/api-ds.json")).isFalse();
        DatasetSplit second = newSplit("api-ds");
        split(second);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> board.find(TrainingJobs.retrainJobIdOf(second, "api-bound")).isEmpty());
    }

    @Test
    void aConfiguredBindingDeletedThroughTheApiStaysOff() throws Exception {
        try {
            given().when().delete("/retrain-bindings/shapes").then().statusCode(204);
            given().when().get("/retrain-bindings/shapes").then().statusCode(404);
            given().when().get("/retrain-bindings").then().statusCode(200).body("dataset", not(hasItem("shapes")));
            assertThat(new String(store.read("retrain-bindings/shapes.json"), StandardCharsets.UTF_8))
                    .contains("\"deleted\" : true");
            bindings.reloadAll(); // as at a restart, or the periodic re-read: the record keeps it off
            given().when().get("/retrain-bindings/shapes").then().statusCode(404);

            // set again through the API: it replaces the configured one
            given().contentType(ContentType.JSON).body("{\"model\":\"shapes-api\"}")
                    .when().put("/retrain-bindings/shapes").then().statusCode(200)
                    .body("source", equalTo("api")).body("debounceSeconds", nullValue())
                    .body("parameters.epochs", equalTo(5));
        } finally { // back to the configuration for the other tests of this app
            store.delete("retrain-bindings/shapes.json");
            bindings.reload("shapes");
        }
        given().when().get("/retrain-bindings/shapes").then().statusCode(200).body("source", equalTo("config"))
                .body("model", equalTo("shapes-auto"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                                               | model is required",
            "{\"model\":\"../x\"}                                             | model must be a valid name",
            "{\"model\":\"m\",\"parameters\":{\"epochs\":0}}                  | epochs must be between 1 and 1000",
            "{\"model\":\"m\",\"parameters\":{\"architecture\":\"vgg\"}}      | architecture must be one of",
            "{\"model\":\"m\",\"parameters\":{\"architecture\":\"transfer\",\"baseModel\":\"nope\"}} | baseModel nope: there is no model nope",
            "{\"model\":\"m\",\"parameters\":{\"schedule\":\"wavy\"}}         | schedule must be one of",
            "{\"model\":\"m\",\"parameters\":{\"dataset\":\"other\"}}         | parameters hold hyperparameters only",
            "{\"model\":\"m\",\"debounceSeconds\":-1}                         | debounceSeconds must be between 0 and 86400",
            "{\"model\":\"m\",\"parameters\":{\"imageSize\":1024}}          | batch 128 at 1024 px needs about",
            "{\"model\":\"m\",\"parameters\":{\"epochs\":\"many\"}}           | epochs",
            "{\"model\":                                                      | ",
    })
    void badBodiesAreRefusedAndNothingIsStored(String body, String problem) {
        given().contentType(ContentType.JSON).body(body).when().put("/retrain-bindings/refused-ds")
                .then().statusCode(400).body("error", containsString(problem == null ? "" : problem));
        given().when().get("/retrain-bindings/refused-ds").then().statusCode(404);
        assertThat(store.exists("retrain-bindings/refused-ds.json")).isFalse();
    }

    @Test
    void aBindingMayLeaveTheRateToTheRangeTestAndKeepsThatAcrossARead() throws Exception {
        try {
            given().contentType(ContentType.JSON)
                    .body("{\"model\":\"auto-bound\",\"parameters\":{\"learningRate\":\"auto\"}}")
                    .when().put("/retrain-bindings/auto-ds")
                    .then().statusCode(200)
                    .body("parameters.learningRateAuto", equalTo(true))
                    .body("parameters.learningRate", equalTo(0.0f));
            bindings.reloadAll(); // read back from its record in the store
            given().when().get("/retrain-bindings/auto-ds").then().statusCode(200)
                    .body("parameters.learningRateAuto", equalTo(true));
            given().contentType(ContentType.JSON)
                    .body("{\"model\":\"auto-bound\",\"parameters\":{\"learningRate\":\"soon\"}}")
                    .when().put("/retrain-bindings/auto-ds")
                    .then().statusCode(400).body("error", containsString("learningRate must be a number or"));
        } finally {
            given().when().delete("/retrain-bindings/auto-ds");
        }
    }

    @Test
    void badDatasetNamesAndMissingBodiesAreRefused() {
        given().contentType(ContentType.JSON).when().put("/retrain-bindings/ok-ds").then().statusCode(400)
                .body("error", containsString("JSON body"));
        given().contentType(ContentType.JSON).body("{\"model\":\"m\"}").when().put("/retrain-bindings/.hidden")
                .then().statusCode(400).body("error", containsString("dataset must be"));
        given().when().get("/retrain-bindings/.hidden").then().statusCode(400);
        given().when().delete("/retrain-bindings/.hidden").then().statusCode(400);
        given().when().get("/retrain-bindings?limit=-3").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"parameters\":{\"epochs\":0},\"debounceSeconds\":90000}")
                .when().put("/retrain-bindings/ok-ds").then().statusCode(400) // every problem named at once
                .body("error", containsString("model is required"))
                .body("error", containsString("epochs must be between"))
                .body("error", containsString("debounceSeconds must be between"));
    }
}
