package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code binding set|get|ls|rm} and {@code gc} against fakes of the services. */
class BindingAndGcCommandsTest {

    private static final String BINDING = "{\"dataset\":\"cats\",\"model\":\"cats-cnn\",\"parameters\":{"
            + "\"architecture\":\"cnn\",\"baseModel\":null,\"epochs\":10,\"batchSize\":0,\"learningRate\":0.01,"
            + "\"seed\":0},\"debounceSeconds\":30,\"updatedAt\":\"2026-01-01T00:00:00Z\",\"by\":\"ci\"}";

    private Fakes fakes;

    @BeforeEach
    void start() throws IOException {
        fakes = new Fakes();
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    @Test
    void bindingSetPutsTheModelTheGivenTrainingParametersAndTheDebounce() throws IOException {
        fakes.trainer.on("PUT /retrain-bindings/cats", 200, BINDING);

        Run run = fakes.run("binding", "set", "cats", "--model", "cats-cnn", "--arch", "CNN", "--epochs", "10",
                "--lr", "0.01", "--debounce", "30s");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        FakeService.Request sent = fakes.trainer.requests.get(0);
        assertThat(sent.method()).isEqualTo("PUT");
        assertThat(sent.path()).isEqualTo("/retrain-bindings/cats");
        assertThat(sent.header("Content-type")).isEqualTo("application/json");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(sent.text()).isEqualTo("{\"model\":\"cats-cnn\",\"parameters\":{\"architecture\":\"cnn\","
                + "\"epochs\":10,\"learningRate\":0.01},\"debounceSeconds\":30}");
        assertThat(run.out()).isEqualTo("binding set: cats → cats-cnn (architecture cnn, epochs 10, learningRate 0.01),"
                + " debounce 30.0 s\n");
    }

    @Test
    void bindingSetLeavesOutWhatIsNotGivenAndTakesNoDebounce() {
        fakes.trainer.on("PUT /retrain-bindings/cats", 200, "{\"dataset\":\"cats\",\"model\":\"m\"}");

        fakes.run("binding", "set", "cats", "-m", "m");
        fakes.run("binding", "set", "cats", "-m", "m", "--debounce", "0", "--time-budget", "9m");
        Run bad = fakes.run("binding", "set", "cats", "-m", "m", "--debounce", "soon");
        Run noModel = fakes.run("binding", "set", "cats");

        assertThat(fakes.trainer.requests.get(0).text()).isEqualTo("{\"model\":\"m\"}");
        assertThat(fakes.trainer.requests.get(1).text())
                .isEqualTo("{\"model\":\"m\",\"parameters\":{\"timeBudgetSeconds\":540},\"debounceSeconds\":0}");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--debounce").contains("soon");
        assertThat(noModel.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fakes.trainer.requests).hasSize(2);
    }

    @Test
    void bindingGetShowsItAndAnUnknownOneExitsFour() throws IOException {
        fakes.trainer.on("GET /retrain-bindings/cats", 200, BINDING)
                .on("GET /retrain-bindings/dogs", 404, "{\"error\":\"no retrain binding for dataset dogs\"}");

        Run known = fakes.run("binding", "get", "cats");
        Run json = fakes.run("binding", "get", "cats", "-o", "json");
        Run unknown = fakes.run("binding", "get", "dogs");

        assertThat(known.out()).contains("cats → cats-cnn (architecture cnn, epochs 10, learningRate 0.01), debounce"
                + " 30.0 s").contains("updated 2026-01-01T00:00:00Z by ci");
        assertThat(ServiceClient.JSON.readTree(json.out())).isEqualTo(ServiceClient.JSON.readTree(BINDING));
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("no retrain binding for dataset dogs (HTTP 404)");
    }

    @Test
    void bindingLsIsATableByDataset() {
        fakes.trainer.on("GET /retrain-bindings?limit=500", 200, "[" + BINDING + ",{\"dataset\":\"dogs\",\"model\":"
                + "\"dogs-cnn\",\"parameters\":null}]");

        Run run = fakes.run("binding", "ls");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).containsPattern("DATASET\\s+MODEL\\s+DEBOUNCE\\s+PARAMETERS")
                .containsPattern("cats\\s+cats-cnn\\s+30.0 s\\s+architecture cnn, epochs 10")
                .containsPattern("dogs\\s+dogs-cnn\\s+default\\s+-");
    }

    @Test
    void bindingRmAsksOrNeedsYesAndDeletes() throws IOException {
        fakes.trainer.on("DELETE /retrain-bindings/cats", 204, "")
                .on("DELETE /retrain-bindings/dogs", 404, "{\"error\":\"no retrain binding for dataset dogs\"}");

        Run unconfirmed = fakes.run("binding", "rm", "cats");
        assertThat(fakes.trainer.requests).isEmpty();
        Run deleted = fakes.run("binding", "rm", "cats", "--yes");
        Run json = fakes.run("binding", "rm", "cats", "--yes", "-o", "json");
        Run unknown = fakes.run("binding", "rm", "dogs", "--yes");

        assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err()).contains("Delete the retrain binding of dataset cats?").contains("--yes");
        assertThat(deleted.exitCode()).as(deleted.err()).isEqualTo(ExitCodes.OK);
        assertThat(deleted.out()).isEqualTo("binding of dataset cats deleted\n");
        assertThat(fakes.trainer.requests.get(0).method()).isEqualTo("DELETE");
        assertThat(ServiceClient.JSON.readTree(json.out()).path("deleted").asBoolean()).isTrue();
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void gcCollectsOnBothServicesAndPrintsWhatEachReclaimed() throws IOException {
        fakes.dataset.on("POST /admin/gc", 200, "{\"datasetVersionsDeleted\":2,\"looseBlobsDeleted\":10,"
                + "\"packsRepacked\":1,\"bytesReclaimed\":1048576,\"durationMs\":1500,\"deferred\":null}");
        fakes.trainer.on("POST /admin/gc", 200, "{\"modelVersionsDeleted\":0,\"checkpointsDeleted\":3,"
                + "\"leasesDeleted\":1,\"backboneFilesDeleted\":0,\"bytesReclaimed\":2048,\"durationMs\":40}");

        Run text = fakes.run("gc");
        Run json = fakes.run("gc", "-o", "json");

        assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCodes.OK);
        assertThat(text.out()).isEqualTo("""
                dataset-service: reclaimed 1.0 MB (2 dataset versions, 10 loose blobs, 1 pack repacked) in 1.5 s
                trainer-service: reclaimed 2.0 kB (0 model versions, 3 checkpoints, 1 lease file, 0 backbone files) \
                in 40 ms
                """);
        for (FakeService service : new FakeService[] {fakes.dataset, fakes.trainer}) {
            assertThat(service.requests.get(0).method()).isEqualTo("POST");
            assertThat(service.requests.get(0).path()).isEqualTo("/admin/gc");
            assertThat(service.requests.get(0).header("Authorization")).isEqualTo("Bearer s3cret");
        }
        JsonNode result = ServiceClient.JSON.readTree(json.out());
        assertThat(result.path("dataset-service").path("bytesReclaimed").asLong()).isEqualTo(1048576);
        assertThat(result.path("trainer-service").path("checkpointsDeleted").asInt()).isEqualTo(3);
        assertThat(fakes.inference.requests).isEmpty();
    }

    @Test
    void gcOnOneServiceAsksOnlyItAndADeferredRunSaysWhy() {
        fakes.dataset.on("POST /admin/gc", 200, "{\"bytesReclaimed\":0,\"deferred\":\"an import of cats is running\"}");

        Run run = fakes.run("gc", "--service", "dataset");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("dataset-service: deferred: an import of cats is running\n");
        assertThat(fakes.trainer.requests).isEmpty();
        assertThat(fakes.run("gc", "--service", "everything").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aRefusalOnOneServiceStillCollectsOnTheOtherAndExitsOne() throws IOException {
        fakes.dataset.on("POST /admin/gc", 403, "{\"error\":\"the bearer token of 'ci' lacks the admin role\"}");
        fakes.trainer.on("POST /admin/gc", 200, "{\"bytesReclaimed\":5,\"durationMs\":1}");

        Run run = fakes.run("gc", "-o", "json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("dataset-service: the bearer token of 'ci' lacks the admin role (HTTP 403)");
        JsonNode result = ServiceClient.JSON.readTree(run.out());
        assertThat(result.path("dataset-service").path("exitCode").asInt()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.path("trainer-service").path("bytesReclaimed").asLong()).isEqualTo(5);
    }
}
