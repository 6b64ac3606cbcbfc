package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sightline.events.ModelDeleted;
import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.registry.PublishedModels;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Deletes, retention, cancels and the collection over HTTP, with the roles they need (TrainerAccessTest's app). */
@QuarkusTest
@TestProfile(TrainerAccessTest.WithTokens.class)
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class)
class ModelLifecycleApiTest {

    @Inject
    ArtifactStore store;

    @Inject
    PublishedModels registry;

    @Inject
    JobBoard board;

    @Inject
    @Any
    InMemoryConnector connector;

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private void versions(String model, int count) throws IOException {
        for (int v = 1; v <= count; v++) {
            String metrics = String.format(Locale.ROOT, "{\"model\":\"%s\",\"version\":\"%d\",\"architecture\":\"cnn\","
                    + "\"test\":{\"split\":\"test\",\"count\":10,\"accuracy\":0.95,\"loss\":1.0},"
                    + "\"history\":[],\"lineage\":{\"jobId\":\"job-%d\",\"dataset\":\"shapes\","
                    + "\"datasetVersion\":\"1\"}}", model, v, v);
            store.write(StoreKeys.metrics(model, String.valueOf(v)), metrics.getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<ModelDeleted> deletes(String model) {
        return SentPayloads.of(connector.<Object>sink("models").received(), ModelDeleted.TYPE, ModelDeleted.class)
                .stream().filter(d -> d.model().equals(model)).toList();
    }

    @Test
    void theChampionIsDeletedOnlyWhenAnAdminForcesIt() throws IOException {
        versions("doomed", 3);
        registry.writeChampion(new Champion("doomed", "2", 0.95, "job-2", "e", "test", Instant.now()));

        as(TrainerAccessTest.WRITER).delete("/models/doomed/versions/2").then().statusCode(409)
                .body("error", containsString("is serving; ?force=true by an admin"));
        as(TrainerAccessTest.WRITER).delete("/models/doomed/versions/2?force=true").then().statusCode(403)
                .body("error", containsString("admin"));
        as(TrainerAccessTest.READER).delete("/models/doomed/versions/1").then().statusCode(403);
        as(TrainerAccessTest.WRITER).delete("/models/doomed/versions/2?force=yes").then().statusCode(400);
        assertThat(registry.exists("doomed", "2")).isTrue();

        as(TrainerAccessTest.ADMIN).delete("/models/doomed/versions/2?force=true").then().statusCode(200)
                .body("model", equalTo("doomed")).body("version", equalTo("2"))
                .body("bytesFreed", greaterThan(0));

        assertThat(registry.champion("doomed")).isEmpty();
        assertThat(deletes("doomed")).singleElement().satisfies(d -> {
            assertThat(d.version()).isEqualTo("2");
            assertThat(d.champion()).isNull();
            assertThat(d.by()).isEqualTo("admin");
        });
        as(TrainerAccessTest.WRITER).post("/models/doomed/versions/2/promote").then().statusCode(404);
        as(TrainerAccessTest.WRITER).delete("/models/doomed/versions/2").then().statusCode(404);
        as(TrainerAccessTest.READER).get("/models/doomed").then().statusCode(200)
                .body("versions.version", equalTo(List.of("3", "1")));
        assertThat(registry.nextVersion("doomed")).isEqualTo("4");

        as(TrainerAccessTest.WRITER).delete("/models/doomed").then().statusCode(200).body("version", nullValue());
        as(TrainerAccessTest.READER).get("/models/doomed").then().statusCode(404);
        assertThat(registry.nextVersion("doomed")).isEqualTo("4");
        as(TrainerAccessTest.WRITER).delete("/models/bad%20name").then().statusCode(400)
                .body("error", containsString("not valid"));
    }

    @Test
    void aModelWithAChampionIsDeletedOnlyWhenForced() throws IOException {
        versions("whole", 2);
        registry.writeChampion(new Champion("whole", "1", 0.95, "job-1", "e", "test", Instant.now()));

        as(TrainerAccessTest.WRITER).delete("/models/whole").then().statusCode(409)
                .body("error", containsString("is serving"));
        as(TrainerAccessTest.ADMIN).delete("/models/whole?force=true").then().statusCode(200);

        assertThat(registry.versions("whole")).isEmpty();
        assertThat(deletes("whole")).singleElement().satisfies(d -> assertThat(d.version()).isNull());
    }

    @Test
    void retentionIsSetPerModelAndAppliedByTheCollection() throws IOException {
        versions("trimmed", 5);
        registry.writeChampion(new Champion("trimmed", "1", 0.95, "job-1", "e", "test", Instant.now()));

        as(TrainerAccessTest.WRITER).contentType(ContentType.JSON).body("{\"keepLast\":-1}")
                .put("/models/trimmed/retention").then().statusCode(400).body("error", containsString("keepLast"));
        as(TrainerAccessTest.WRITER).contentType(ContentType.JSON).body("{\"keepLast\":2}")
                .put("/models/trimmed/retention").then().statusCode(200)
                .body("keepLast", equalTo(2)).body("effective.keepLast", equalTo(2)).body("by", equalTo("writer"));
        as(TrainerAccessTest.READER).get("/models/trimmed/retention").then().statusCode(200)
                .body("keepLast", equalTo(2)).body("maxAgeDays", nullValue());

        as(TrainerAccessTest.WRITER).post("/admin/gc").then().statusCode(403);
        as(TrainerAccessTest.ADMIN).post("/admin/gc").then().statusCode(200)
                .body("modelVersionsDeleted", greaterThan(1)).body("bytesReclaimed", greaterThan(0))
                .body("checkpointsDeleted", equalTo(0)).body("durationMs", greaterThan(-1));

        assertThat(registry.versions("trimmed")).containsExactly("1", "4", "5");
        assertThat(deletes("trimmed")).extracting(ModelDeleted::by).containsOnly("retention");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("sightline_gc_runs_total{service=\"trainer\"}"))
                .body(containsString("sightline_gc_reclaimed_bytes_total{service=\"trainer\"}"));
    }

    @Test
    void cancellingAnswersPerTheJobsState() {
        String queued = UUID.randomUUID().toString();
        board.queued(new TrainingRequested(queued, "m", "shapes", "1", null, "api", Instant.now()));
        board.failed("failed-job", "m", "broken", Instant.now());

        as(TrainerAccessTest.READER).delete("/training-jobs/" + queued).then().statusCode(403);
        as(TrainerAccessTest.WRITER).delete("/training-jobs/" + queued).then().statusCode(202)
                .body("jobId", equalTo(queued)).body("status", equalTo("CANCELLED"));
        as(TrainerAccessTest.READER).get("/training-jobs/" + queued).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("reason", containsString("cancelled by writer"));
        assertThat(SentPayloads.of(connector.<Object>sink("training-events").received(), TrainingCancelled.TYPE,
                TrainingCancelled.class)).extracting(TrainingCancelled::jobId).contains(queued);
        as(TrainerAccessTest.WRITER).delete("/training-jobs/" + queued).then().statusCode(409)
                .body("error", containsString("CANCELLED"));
        as(TrainerAccessTest.WRITER).delete("/training-jobs/failed-job").then().statusCode(409)
                .body("error", containsString("is FAILED"));
        as(TrainerAccessTest.WRITER).delete("/training-jobs/" + UUID.randomUUID()).then().statusCode(404);
    }
}
