package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.kafka.client.serialization.ObjectMapperSerializer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.TorchScriptFixture;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.ImageSignature;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class) // the same resources as ConsoleImportApiTest: one app for both
class TrainerApiTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ObjectMapper json;

    @Inject
    PublishedModels registry;

    InMemorySink<Object> requests;
    InMemorySink<Object> progress;
    InMemorySink<Object> models;

    @BeforeEach
    void clearSinks() {
        requests = connector.sink("training-requests-out");
        progress = connector.sink("training-events");
        models = connector.sink("models");
        requests.clear();
        progress.clear();
        models.clear();
    }

    @Test
    void aValidJobIsAcceptedAndQueuedAsACloudEventKeyedByModel() {
        ExtractableResponse<Response> accepted = given().contentType(ContentType.JSON)
                .body("{\"model\":\"api-clf\",\"dataset\":\"shapes\",\"architecture\":\"cnn\",\"epochs\":2,"
                        + "\"batchSize\":8,\"learningRate\":0.01}")
                .when().post("/training-jobs")
                .then().statusCode(202)
                .body("status", equalTo("QUEUED"))
                .body("datasetVersion", equalTo("1"))
                .extract();
        String jobId = accepted.path("jobId");
        assertThat(accepted.header("Location")).endsWith("/training-jobs/" + jobId);

        assertThat(requests.received()).singleElement().satisfies(message -> {
            TrainingRequested request = (TrainingRequested) message.getPayload();
            assertThat(request.jobId()).isEqualTo(jobId);
            assertThat(request.parameters()).isEqualTo(TrainingParameters.builder().setArchitecture("cnn")
                    .setEpochs(2).setBatchSize(8).setLearningRate(0.01).setImageSize(0).setSeed(42).build());
            OutgoingCloudEventMetadata<?> cloudEvent = message.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow();
            assertThat(cloudEvent.getType()).isEqualTo(EventTypes.TRAINING_REQUESTED);
            assertThat(cloudEvent.getSource()).isEqualTo(URI.create(EventTypes.SOURCE_TRAINER_SERVICE));
            assertThat(cloudEvent.getId()).isEqualTo(jobId);
            assertThat(message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey())
                    .isEqualTo("api-clf");
        });
        given().when().get("/training-jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("QUEUED"))
                .body("parameters.epochs", equalTo(2))
                .body("trigger", equalTo("api"));
        given().when().get("/training-jobs").then().statusCode(200).body("jobId", hasItem(jobId));
    }

    @Test
    void anAutomaticLearningRateIsQueuedAsZeroWithTheFlagSoTheRequestStaysANumberOnTheWire() {
        String jobId = given().contentType(ContentType.JSON)
                .body("{\"model\":\"auto-clf\",\"dataset\":\"shapes\",\"epochs\":2,\"learningRate\":\"auto\"}")
                .when().post("/training-jobs")
                .then().statusCode(202).extract().path("jobId");

        assertThat(requests.received()).singleElement().satisfies(message -> {
            TrainingParameters p = ((TrainingRequested) message.getPayload()).parameters();
            assertThat(p.learningRate()).isZero();
            assertThat(p.learningRateAuto()).isTrue();
        });
        given().when().get("/training-jobs/" + jobId).then().statusCode(200)
                .body("parameters.learningRateAuto", equalTo(true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"dataset\":\"shapes\"}                                              | model is required",
            "{\"model\":\"../etc\",\"dataset\":\"shapes\"}                         | model must be",
            "{\"model\":\"m\",\"dataset\":\"nope\"}                                | dataset nope has no published version",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"datasetVersion\":\"7\"}     | dataset shapes has no published version 7",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"architecture\":\"transfer\"}| architecture transfer needs a baseModel",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"architecture\":\"transfer\",\"baseModel\":\"nope\"} | baseModel nope: there is no model nope",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"batchSize\":25}         | batchSize 25 is larger than the 24 training images",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"schedule\":\"wavy\"}    | schedule must be one of",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"augmentation\":[\"rotate\"]} | augmentation must name flip or crop",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"fineTuneEpochs\":2}     | only apply to architecture transfer",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"architecture\":\"vgg\"}     | architecture must be one of",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"epochs\":0}                 | epochs must be between 1 and 1000",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"epochs\":1001}              | epochs must be between 1 and 1000",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"batchSize\":4097}           | batchSize must be between 1 and 4096",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"learningRate\":0}           | learningRate must be above 0 and below 1",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"learningRate\":1}           | learningRate must be above 0 and below 1",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"epochs\":\"many\"}          | at epochs",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"learningRate\":\"fast\"}    | at learningRate: learningRate must be a number or \"auto\", got: \"fast\"",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"learningRate\":[1]}        | learningRate must be a number or",
            "{\"model\":\"m\",\"dataset\":\"shapes\",\"batchSize\":16,\"imageSize\":1024} | batch 16 at 1024 px needs about 32 GiB; this trainer has 6.0 GiB",
            "{\"model\":\"m\",                                                     | not the JSON expected",
    })
    void anInvalidJobIsRefusedWithTheReason(String body, String reason) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/training-jobs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", containsString(reason.trim()));
        assertThat(requests.received()).isEmpty();
    }

    @Test
    @Tag("process") // Python writes the TorchScript fixture
    void aBaseModelWhoseInputDoesNotFitIsRefusedWithTheReasonAndNothingIsQueued() throws Exception {
        // a registered model taking grayscale images: its architecture and signature are what a job is checked on
        if (!registry.exists("gray-base", "1")) {
            ImageSignature gray = new ImageSignature(16, 16, 1, List.of(0.5f), List.of(0.5f), TestDatasets.CLASSES);
            registry.publish("gray-base", (dir, version) -> {
                Files.write(dir.resolve(StoreKeys.ARCHITECTURE), StoreJson.write(ArchitectureSpec.cnn(16, 1, 3)));
                Files.write(dir.resolve(StoreKeys.SIGNATURE), StoreJson.write(gray));
            });
        }
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"m\",\"dataset\":\"shapes\",\"architecture\":\"transfer\",\"baseModel\":\"gray-base\"}")
                .when().post("/training-jobs")
                .then().statusCode(400)
                .body("error", equalTo("baseModel gray-base:1 takes 16×16×1 input; transfer needs a square RGB base"));
        assertThat(requests.received()).isEmpty();

        Path module = Files.createTempFile("gray-backbone", ".pt");
        try {
            assumeTrue(TorchScriptFixture.write(module, 1), TorchScriptFixture.MISSING);
            given().contentType(ContentType.JSON)
                    .body("{\"model\":\"m\",\"dataset\":\"shapes\",\"architecture\":\"transfer\",\"baseModel\":\""
                            + module + "\",\"imageSize\":16}")
                    .when().post("/training-jobs")
                    .then().statusCode(400)
                    .body("error", startsWith("baseModel " + module + " does not take 16×16 RGB input"));
            assertThat(requests.received()).isEmpty();
        } finally {
            Files.deleteIfExists(module);
        }
    }

    @Test
    void anEmptyBodyIsRefused() {
        given().contentType(ContentType.JSON).when().post("/training-jobs")
                .then().statusCode(400).body("error", containsString("body"));
    }

    @Test
    void unknownThingsAre404WithAReason() {
        given().when().get("/training-jobs/nope").then().statusCode(404).body("error", equalTo("no training job nope"));
        given().when().get("/training-jobs/nope/report").then().statusCode(404);
        given().when().get("/models/nope").then().statusCode(404).body("error", equalTo("no model nope"));
        given().when().post("/models/nope/versions/1/promote")
                .then().statusCode(404).body("error", equalTo("model nope has no version 1"));
    }

    @Test
    void aSplitOfABoundDatasetQueuesARetrainJobAndRejectionsAreIgnored() throws Exception {
        DatasetRejected rejected = new DatasetRejected("rej-1", "shapes", "2", "corrupt", List.of("x.png"), Instant.now());
        connector.source("datasets").send(incoming(json.writeValueAsString(rejected), EventTypes.DATASET_REJECTED));
        connector.source("datasets").send(Message.of("{not json")); // unreadable: dead-lettered, not fatal
        DatasetSplit split = new DatasetSplit(UUID.randomUUID().toString(), "shapes", "1", "d",
                StoreKeys.manifest("shapes", "1"), TestDatasets.CLASSES, Map.of(), 0.2, 0.1, 1, Instant.now());
        connector.source("datasets").send(incoming(json.writeValueAsString(split), EventTypes.DATASET_SPLIT));
        connector.source("datasets").send(incoming(json.writeValueAsString(split), EventTypes.DATASET_SPLIT));

        await().atMost(Duration.ofSeconds(10)).until(() -> !requests.received().isEmpty());
        // and stays one: a wrongly repeated request would show up within this
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> requests.received().size() == 1);
        assertThat(requests.received()).singleElement().satisfies(message -> {
            TrainingRequested request = (TrainingRequested) message.getPayload();
            assertThat(request.model()).isEqualTo("shapes-auto");
            assertThat(request.datasetVersion()).isEqualTo("1");
            assertThat(request.trigger()).isEqualTo("retrain:shapes");
            assertThat(request.parameters().epochs()).isEqualTo(1);
            assertThat(request.parameters().imageSize()).isEqualTo(16);
            assertThat(message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey())
                    .isEqualTo("shapes-auto");
        });
    }

    @Test
    void aQueuedJobIsTrainedPublishedAndPromotedAndCanBeRolledBack() throws Exception {
        String jobId = UUID.randomUUID().toString();
        TrainingRequested request = new TrainingRequested(jobId, "queued-clf", "shapes", "1",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(2).setBatchSize(8)
                        .setLearningRate(0.005).setImageSize(16).setSeed(3).build(), "api", Instant.now());

        connector.source("training-requests").send(incoming(json.writeValueAsString(request),
                EventTypes.TRAINING_REQUESTED));

        await().atMost(Duration.ofSeconds(60)).until(() -> models.received().size() == 1);
        assertThat(progress.received()).extracting(m -> m.getMetadata(OutgoingCloudEventMetadata.class)
                        .orElseThrow().getType())
                .containsExactly(EventTypes.TRAINING_STARTED, EventTypes.TRAINING_EPOCH, EventTypes.TRAINING_EPOCH,
                        EventTypes.TRAINING_COMPLETED);
        assertThat(progress.received()).extracting(m -> m.getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElseThrow().getKey()).containsOnly(jobId);
        // outcomes go through the outbox, which holds (and sends) their JSON
        TrainingCompleted completed = json.convertValue(progress.received().get(3).getPayload(),
                TrainingCompleted.class);
        assertThat(completed.modelVersion()).isEqualTo("1");
        assertThat(completed.findings()).isNotNull();
        ModelPromoted promoted = json.convertValue(models.received().get(0).getPayload(), ModelPromoted.class);
        assertThat(promoted.version()).isEqualTo("1");

        given().when().get("/training-jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("epochs.size()", equalTo(2))
                .body("modelVersion", equalTo("1"))
                .body("promoted", equalTo(true))
                .body("parameters.imageSize", equalTo(16))
                .body("findings", equalTo(completed.findings().stream().map(f -> json.convertValue(f, Map.class))
                        .toList()));
        given().when().get("/training-jobs/" + jobId + "/report").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("Model queued-clf version 1")).body(containsString("<svg"));
        given().when().get("/training-jobs/" + jobId + "/curves.svg").then().statusCode(200)
                .contentType(containsString("image/svg+xml")).body(containsString("learning rate"));
        given().when().get("/models").then().statusCode(200).body("name", hasItem("queued-clf"));
        given().when().get("/models/queued-clf").then().statusCode(200)
                .body("champion.version", equalTo("1"))
                .body("versions[0].version", equalTo("1"))
                .body("versions[0].champion", equalTo(true))
                .body("versions[0].testAccuracy", notNullValue());

        given().when().post("/models/queued-clf/versions/1/promote").then().statusCode(200)
                .body("version", equalTo("1"))
                .body("artifactKey", equalTo(StoreKeys.modelVersion("queued-clf", "1")));
        assertThat(models.received()).hasSize(2);
        assertThat(models.received().get(1).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey())
                .isEqualTo("queued-clf");

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sightline_trainer_jobs_total{outcome=\"completed\"}"))
                .body(containsString("sightline_trainer_training_duration_seconds_count"))
                .body(containsString("sightline_trainer_training_throughput_images_per_second_count"));
    }

    @Test
    void payloadsGoOnTheWireAsJsonWithIsoInstants() {
        Instant at = Instant.parse("2026-11-28T10:15:30.123Z");
        TrainingRequested request = new TrainingRequested("j", "m", "d", "1",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(1).setBatchSize(1).setLearningRate(0.1)
                        .setImageSize(0).setSeed(1).build(), "api", at);
        try (ObjectMapperSerializer<TrainingRequested> serializer = new ObjectMapperSerializer<>()) {
            String wire = new String(serializer.serialize("sightline.training.requests", request), StandardCharsets.UTF_8);

            assertThat(wire).contains("\"requestedAt\":\"2026-11-28T10:15:30.123Z\"").contains("\"jobId\":\"j\"");
        }
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/training-jobs"));
    }

    private static Message<String> incoming(String payload, String type) {
        return Message.of(payload).addMetadata(new DefaultIncomingCloudEventMetadata<>("1.0", UUID.randomUUID().toString(),
                URI.create("/test"), type, "application/json", null, null, null, Map.of(), payload));
    }
}
