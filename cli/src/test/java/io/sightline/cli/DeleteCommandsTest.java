package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dataset rm}, {@code model rm}, {@code job cancel}: requests, confirmation, refusals and exit codes. */
class DeleteCommandsTest {

    private Fakes fakes;

    @BeforeEach
    void start() throws IOException {
        fakes = new Fakes();
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    /** A terminal that answers {@code answer} and records what it was asked. */
    private static final class ScriptedTerminal implements Terminal {
        final List<String> prompts = new CopyOnWriteArrayList<>();
        final String answer;

        ScriptedTerminal(String answer) {
            this.answer = answer;
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return answer;
        }
    }

    @Test
    void datasetRmOfAVersionSendsTheDeleteWithTheTokenAndSaysWhatWasFreed() {
        fakes.dataset.on("DELETE /datasets/cats/versions/3", 200,
                "{\"dataset\":\"cats\",\"version\":\"3\",\"tombstone\":false,\"bytesFreed\":2048}");

        Run run = fakes.run("dataset", "rm", "cats:3", "--yes");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        FakeService.Request sent = fakes.dataset.requests.get(0);
        assertThat(sent.method()).isEqualTo("DELETE");
        assertThat(sent.path()).isEqualTo("/datasets/cats/versions/3");
        assertThat(sent.query()).isNull();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(run.out()).isEqualTo("dataset cats version 3 deleted, 2.0 kB freed\n");
    }

    @Test
    void aVersionALineageNamesIsReportedAsATombstone() {
        fakes.dataset.on("DELETE /datasets/cats/versions/1", 200, "{\"dataset\":\"cats\",\"version\":\"1\","
                + "\"tombstone\":true,\"namedBy\":[\"cats-cnn:2\",\"cats-tl:1\"],\"bytesFreed\":0}");

        Run run = fakes.run("dataset", "rm", "cats:1", "-y");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("dataset cats version 1 kept as a tombstone, 0 B freed: named by cats-cnn:2,"
                + " cats-tl:1; its manifest stays readable");
    }

    @Test
    void datasetRmOfAWholeDatasetSaysWhichVersionsWentAndWhichStayAsTombstones() throws IOException {
        String answer = "{\"dataset\":\"cats\",\"version\":null,\"tombstone\":true,\"bytesFreed\":10,"
                + "\"removed\":[\"3\",\"2\"],\"tombstoned\":[\"1\"]}";
        fakes.dataset.on("DELETE /datasets/cats", 200, answer);

        Run text = fakes.run("dataset", "rm", "cats", "--yes");
        Run json = fakes.run("-o", "json", "dataset", "rm", "cats", "--yes");

        assertThat(fakes.dataset.requests.get(0).path()).isEqualTo("/datasets/cats");
        assertThat(text.out()).isEqualTo("""
                dataset cats deleted, 10 B freed
                  versions removed: 3, 2
                  versions kept as tombstones (a model's lineage names them): 1
                """);
        assertThat(ServiceClient.JSON.readTree(json.out())).isEqualTo(ServiceClient.JSON.readTree(answer));
    }

    @Test
    void aVersionThatOthersPointedAtTakesThemAlong() {
        fakes.dataset.on("DELETE /datasets/cats/versions/2", 200, "{\"dataset\":\"cats\",\"version\":\"2\","
                + "\"tombstone\":false,\"bytesFreed\":0,\"removed\":[\"2\",\"5\"],\"tombstoned\":[]}");

        Run run = fakes.run("dataset", "rm", "cats:2", "--yes");

        assertThat(run.out()).isEqualTo("dataset cats version 2 deleted, 0 B freed\n  versions removed: 2, 5\n");
    }

    @Test
    void withoutATerminalAndWithoutYesNothingIsDeletedAndItIsAUsageError() throws IOException {
        Run dataset = fakes.run("dataset", "rm", "cats:3");
        Run model = fakes.run("model", "rm", "m:1");
        Run job = fakes.run("job", "cancel", "j1");
        Run json = fakes.run("-o", "json", "dataset", "rm", "cats");

        for (Run run : List.of(dataset, model, job, json)) {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("pass --yes (-y) to go ahead without asking");
        }
        assertThat(dataset.err()).contains("\"Delete dataset cats version 3?\"").contains("sightline dataset rm --help");
        assertThat(ServiceClient.JSON.readTree(json.out()).path("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);
        assertThat(fakes.dataset.requests).isEmpty();
        assertThat(fakes.trainer.requests).isEmpty();
    }

    @Test
    void onATerminalTheQuestionIsAskedAndOnlyYesDeletes() {
        fakes.dataset.on("DELETE /datasets/cats/versions/3", 200, "{\"dataset\":\"cats\",\"version\":\"3\"}");
        ScriptedTerminal yes = new ScriptedTerminal(" Y ");
        ScriptedTerminal no = new ScriptedTerminal("");
        ScriptedTerminal closed = new ScriptedTerminal(null);

        Run confirmed = Run.onTerminal(fakes.env, yes, "dataset", "rm", "cats:3");
        Run declined = Run.onTerminal(fakes.env, no, "dataset", "rm", "cats:3");
        Run ended = Run.onTerminal(fakes.env, closed, "model", "rm", "m", "--force");

        assertThat(yes.prompts).containsExactly("Delete dataset cats version 3? [y/N] ");
        assertThat(confirmed.exitCode()).as(confirmed.err()).isEqualTo(ExitCodes.OK);
        assertThat(declined.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(declined.err()).contains("not confirmed: nothing was changed");
        assertThat(closed.prompts).containsExactly("Delete model m and every version of it, even if it serves? [y/N] ");
        assertThat(ended.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(fakes.dataset.requests).hasSize(1);
        assertThat(fakes.trainer.requests).isEmpty();
    }

    @Test
    void aDatasetWhoseImportRunsIs409ExitOneAndAnUnknownOneExitsFour() {
        fakes.dataset.on("DELETE /datasets/cats/versions/4", 409,
                "{\"error\":\"dataset cats version 4 is SPLITTING; an import is running\"}");
        fakes.dataset.on("DELETE /datasets/nope", 404, "{\"error\":\"unknown dataset nope\"}");

        Run busy = fakes.run("dataset", "rm", "cats:4", "--yes");
        Run unknown = fakes.run("dataset", "rm", "nope", "--yes");

        assertThat(busy.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(busy.err()).contains("dataset-service: dataset cats version 4 is SPLITTING; an import is running"
                + " (HTTP 409)").contains("wait until it ends (sightline dataset show cats:4)");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("dataset-service: unknown dataset nope (HTTP 404)");
    }

    @Test
    void badTargetsAreUsageErrorsBeforeAnyRequest() {
        assertThat(fakes.run("dataset", "rm", "cats:", "--yes").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fakes.run("model", "rm", ":2", "--yes").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fakes.run("model", "rm", "--yes").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fakes.dataset.requests).isEmpty();
        assertThat(fakes.trainer.requests).isEmpty();
    }

    @Test
    void modelRmDeletesAVersionAndForceIsAQueryParameter() throws IOException {
        fakes.trainer.on("DELETE /models/m/versions/2", 200, "{\"model\":\"m\",\"version\":\"2\",\"bytesFreed\":3145728}")
                .on("DELETE /models/m", 200, "{\"model\":\"m\",\"version\":null,\"bytesFreed\":1048576}");

        Run version = fakes.run("model", "rm", "m:2", "--yes");
        Run forced = fakes.run("-o", "json", "model", "rm", "m", "--force", "--yes");

        assertThat(version.exitCode()).as(version.err()).isEqualTo(ExitCodes.OK);
        assertThat(version.out()).isEqualTo("model m version 2 deleted, 3.0 MB freed\n");
        assertThat(fakes.trainer.requests.get(0).method()).isEqualTo("DELETE");
        assertThat(fakes.trainer.requests.get(0).query()).isNull();
        assertThat(fakes.trainer.requests.get(1).path()).isEqualTo("/models/m");
        assertThat(fakes.trainer.requests.get(1).query()).isEqualTo("force=true");
        assertThat(fakes.trainer.requests.get(1).header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(ServiceClient.JSON.readTree(forced.out()).path("bytesFreed").asLong()).isEqualTo(1048576);
    }

    @Test
    void theServingChampionIsRefusedWith409AndForceWithoutAdminWith403() {
        fakes.trainer.on("DELETE /models/m/versions/3", 409,
                "{\"error\":\"model m version 3 is serving; ?force=true by an admin\"}");
        fakes.trainer.on("DELETE /models/m/versions/3?force=true", 403,
                "{\"error\":\"the bearer token of 'ci' lacks the admin role this endpoint needs\"}");

        Run refused = fakes.run("model", "rm", "m:3", "--yes");
        Run forbidden = fakes.run("model", "rm", "m:3", "--yes", "--force");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("trainer-service: model m version 3 is serving; ?force=true by an admin"
                + " (HTTP 409)").contains("Promote another version first").contains("--force");
        assertThat(forbidden.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(forbidden.err()).contains("(HTTP 403)").contains("--force needs a token with the admin role");
    }

    @Test
    void jobCancelDropsAQueuedJobAndAsksARunningOneToStop() throws IOException {
        fakes.trainer.on("DELETE /training-jobs/j1", 202, "{\"jobId\":\"j1\",\"status\":\"CANCELLED\"}")
                .on("DELETE /training-jobs/j2", 202, "{\"jobId\":\"j2\",\"status\":\"CANCELLING\"}");

        Run queued = fakes.run("job", "cancel", "j1", "--yes");
        Run running = fakes.run("job", "cancel", "j2", "-y", "-o", "json");

        assertThat(queued.exitCode()).as(queued.err()).isEqualTo(ExitCodes.OK);
        assertThat(queued.out()).isEqualTo("job j1 cancelled\n");
        assertThat(fakes.trainer.requests.get(0).method()).isEqualTo("DELETE");
        assertThat(fakes.trainer.requests.get(0).path()).isEqualTo("/training-jobs/j1");
        assertThat(ServiceClient.JSON.readTree(running.out()).path("status").asText()).isEqualTo("CANCELLING");
        assertThat(fakes.run("job", "cancel", "j2", "-y").out()).contains("cancel requested (status CANCELLING)");
    }

    @Test
    void cancellingAFinishedJobIs409AndAnUnknownOne404() {
        fakes.trainer.on("DELETE /training-jobs/done", 409, "{\"error\":\"job done is COMPLETED\"}")
                .on("DELETE /training-jobs/nope", 404, "{\"error\":\"unknown training job nope\"}");

        Run finished = fakes.run("job", "cancel", "done", "--yes");
        Run unknown = fakes.run("job", "cancel", "nope", "--yes");

        assertThat(finished.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(finished.err()).contains("job done is COMPLETED (HTTP 409)").contains("nothing to cancel");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void trainStopsFollowingAJobCancelledElsewhere() {
        fakes.trainer.on("POST /training-jobs", 202, "{\"jobId\":\"j3\",\"status\":\"QUEUED\"}")
                .on("GET /training-jobs/j3", 200, "{\"jobId\":\"j3\",\"status\":\"RUNNING\",\"epochs\":[]}",
                        "{\"jobId\":\"j3\",\"status\":\"CANCELLED\",\"epochs\":[],\"reason\":\"cancelled by ci\"}");

        Run run = fakes.run("train", "-m", "m", "-d", "shapes");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("CANCELLED: cancelled by ci");
    }

    @Test
    void jsonOutputIsTheServicesAnswerWithEveryField() throws IOException {
        fakes.dataset.on("DELETE /datasets/cats/versions/3", 200,
                "{\"dataset\":\"cats\",\"version\":\"3\",\"tombstone\":false,\"bytesFreed\":1,\"extra\":[1]}");

        JsonNode json = ServiceClient.JSON.readTree(fakes.run("dataset", "rm", "cats:3", "-y", "-o", "json").out());

        assertThat(json.path("extra").get(0).asInt()).isEqualTo(1);
        assertThat(json.path("tombstone").asBoolean()).isFalse();
    }
}
