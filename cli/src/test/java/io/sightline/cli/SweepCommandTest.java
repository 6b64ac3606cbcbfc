package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code sightline sweep} against a fake trainer: the body it posts and what it prints. */
class SweepCommandTest {

    private FakeService trainer;
    private Map<String, String> env;

    @BeforeEach
    void fakes() throws IOException {
        trainer = new FakeService();
        env = Map.of("SIGHTLINE_TRAINER_URL", trainer.url().toString(), "SIGHTLINE_AUTH_TOKEN", "s3cret");
    }

    @AfterEach
    void stop() {
        trainer.close();
    }

    @Test
    void startPostsTheSpaceAsListsAndNamesTheSweep() throws IOException {
        trainer.on("POST /sweeps", 202,
                "{\"sweepId\":\"0123456789ab\",\"status\":\"RUNNING\",\"model\":\"m\",\"trials\":4,\"rungs\":2}");

        Run run = Run.of(env, "sweep", "start", "-m", "m", "-d", "shapes:1", "--lr", "0.01,auto", "--batch-size", "8",
                "--augment", "none,flip+crop", "--epochs", "4", "--budget", "10m");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(ServiceClient.JSON.readTree(trainer.requests.get(0).text()).toString()).isEqualTo(
                "{\"model\":\"m\",\"dataset\":\"shapes\",\"datasetVersion\":\"1\",\"search\":\"grid\",\"space\":"
                        + "{\"learningRate\":[0.01,\"auto\"],\"batchSize\":[8],\"augmentation\":[[],[\"flip\",\"crop\"]]},"
                        + "\"epochs\":4,\"budgetSeconds\":600}");
        assertThat(run.out() + run.err()).contains("sweep 0123456789ab queued: 4 trials over 2 rungs");
    }

    @Test
    void showPrintsTheTrialsAndTheWinner() {
        trainer.on("GET /sweeps/0123456789ab", 200, "{\"id\":\"0123456789ab\",\"request\":{\"model\":\"m\"},"
                + "\"status\":\"COMPLETED\",\"rung\":1,\"rungs\":2,\"trials\":[{\"index\":0,\"parameters\":"
                + "{\"learningRate\":0.01,\"batchSize\":8},\"runs\":[{\"rung\":0,\"status\":\"COMPLETED\","
                + "\"validationAccuracy\":0.75}]}],\"winner\":0,\"winnerVersion\":\"3\",\"promoted\":true,"
                + "\"promotion\":\"first version\"}");

        Run run = Run.of(env, "sweep", "show", "0123456789ab");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("sweep 0123456789ab of model m: COMPLETED, rung 2 of 2")
                .contains("0.750").contains("winner: trial 0, trained as m version 3, promoted (first version)")
                .contains("/sweeps/0123456789ab/report");
    }

    @Test
    void lsPrintsEverySweepAndCancelDeletesAfterConfirmation() throws IOException {
        trainer.on("GET /sweeps", 200, "[{\"id\":\"0123456789ab\",\"model\":\"m\",\"dataset\":\"shapes\","
                + "\"status\":\"RUNNING\",\"rung\":0,\"rungs\":2,\"trials\":4,\"createdAt\":\"2026-01-01T00:00:00Z\"}]")
                .on("DELETE /sweeps/0123456789ab", 200, "{\"id\":\"0123456789ab\",\"status\":\"CANCELLED\","
                        + "\"reason\":\"cancelled by alice (2 unfinished jobs cancelled)\"}")
                .on("DELETE /sweeps/fedcba987654", 409, "{\"error\":\"sweep fedcba987654 is COMPLETED\"}");

        Run ls = Run.of(env, "sweep", "ls");
        assertThat(ls.exitCode()).as(ls.err()).isEqualTo(0);
        assertThat(ls.out()).contains("SWEEP", "0123456789ab", "RUNNING", "1/2");

        assertThat(Run.of(env, "sweep", "cancel", "0123456789ab").exitCode()).isEqualTo(ExitCodes.USAGE);
        Run cancel = Run.of(env, "sweep", "cancel", "0123456789ab", "--yes");
        assertThat(cancel.exitCode()).as(cancel.err()).isEqualTo(0);
        assertThat(cancel.out()).isEqualTo("sweep 0123456789ab cancelled by alice (2 unfinished jobs cancelled)\n");
        assertThat(trainer.requests).extracting(FakeService.Request::method).containsExactly("GET", "DELETE");

        Run ended = Run.of(env, "sweep", "cancel", "fedcba987654", "-y");
        assertThat(ended.exitCode()).isNotZero();
        assertThat(ended.err()).contains("is COMPLETED", "nothing to cancel");
    }
}
