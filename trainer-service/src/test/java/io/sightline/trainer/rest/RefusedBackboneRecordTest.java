package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.events.EventTypes;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service as configured by default (the test profile turns on file backbones in the temp folder only): a URL
 * backbone is answered 400 naming the setting, on the REST path and for a {@code training.requested} record, which
 * fails its job with the same reason and is acknowledged; a listening socket counts the connections it never gets.
 */
@QuarkusTest
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class) // the same resources as TrainerApiTest: one app for both
class RefusedBackboneRecordTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ObjectMapper json;

    ServerSocket listener;
    final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread counter = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket ignored = listener.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    // closed
                }
            }
        });
        counter.setDaemon(true);
        counter.start();
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/backbone.pt";
    }

    @Test
    void aUrlBackboneIsRefusedWith400NamingTheSettingAndNotContacted() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"m\",\"dataset\":\"shapes\",\"architecture\":\"transfer\",\"baseModel\":\"" + url()
                        + "\",\"baseModelSha256\":\"" + "a".repeat(64) + "\"}")
                .when().post("/training-jobs")
                .then().statusCode(400)
                .body("error", containsString("sightline.trainer.backbones.url.enabled=true"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"m\",\"dataset\":\"shapes\",\"architecture\":\"transfer\",\"baseModel\":"
                        + "\"/etc/passwd\"}")
                .when().post("/training-jobs")
                .then().statusCode(400)
                .body("error", equalTo("baseModel /etc/passwd is not inside the folders this trainer reads backbones"
                        + " from (sightline.trainer.backbones.file.folders)"));
        assertThat(connections).hasValue(0);
    }

    @Test
    void aRecordNamingARefusedBackboneFailsItsJobWithTheReasonIsAcknowledgedAndFetchesNothing() throws Exception {
        InMemorySink<Object> progress = connector.sink("training-events");
        String jobId = UUID.randomUUID().toString();
        TrainingRequested request = new TrainingRequested(jobId, "from-record", "shapes", "1",
                TrainingParameters.builder().setArchitecture("transfer").optBaseModel(url() + "#sha256=" + "a".repeat(64))
                        .setEpochs(1).setBatchSize(8).setLearningRate(0.01).setImageSize(16).setSeed(1).build(),
                "api", Instant.now());
        AtomicBoolean acknowledged = new AtomicBoolean();
        String payload = json.writeValueAsString(request);
        Message<String> record = Message.of(payload).addMetadata(new DefaultIncomingCloudEventMetadata<>("1.0", jobId,
                        URI.create("/test"), EventTypes.TRAINING_REQUESTED, "application/json", null, null, null,
                        Map.of(), payload))
                .withAck(() -> {
                    acknowledged.set(true);
                    return CompletableFuture.completedFuture(null);
                });

        connector.source("training-requests").send(record);

        await().atMost(Duration.ofSeconds(30)).untilTrue(acknowledged);
        assertThat(SentPayloads.of(progress.received(), TrainingFailed.TYPE, TrainingFailed.class))
                .filteredOn(f -> f.jobId().equals(jobId)).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("this trainer reads no TorchScript URLs")
                        .contains("sightline.trainer.backbones.url.enabled=true"));
        given().when().get("/training-jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("sightline.trainer.backbones.url.enabled"));
        assertThat(connections).hasValue(0);
    }
}
