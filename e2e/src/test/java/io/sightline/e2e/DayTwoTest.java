package io.sightline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.Sightline;
import io.sightline.e2e.LocalStack.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform team's second day, through the {@code sightline} command against a stack of its own (real broker, the
 * three packaged services, a token with every role): ten thousand pictures from a folder the services cannot see,
 * deleted and their bytes collected; a champion that will not go without force; a version a model was trained on
 * kept as a tombstone; a retrain binding set through the API firing on the next split without a restart; its job
 * cancelled while it runs; the served model deleted and let go by the inference-service.
 */
@Tag("stack")
class DayTwoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "day-two-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private Map<String, String> env;

    record Result(int exitCode, String out, String err) {

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        String all() {
            return out + err;
        }
    }

    @Test
    void uploadDeleteCollectBindCancel() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sightline.auth.token", TOKEN);
        properties.put("trainer-service:sightline.trainer.retrain-debounce", "0s");
        properties.put("trainer-service:sightline.trainer.promotion.tolerance", "1.0");
        try (RunningStack running = RunningStack.start(work.resolve("stack"), properties)) {
            LocalStack stack = running.stack();
            env = Map.of("SIGHTLINE_DATASET_URL", stack.url(Service.DATASET).toString(),
                    "SIGHTLINE_TRAINER_URL", stack.url(Service.TRAINER).toString(),
                    "SIGHTLINE_INFERENCE_URL", stack.url(Service.INFERENCE).toString(),
                    "SIGHTLINE_AUTH_TOKEN", TOKEN,
                    "SIGHTLINE_CLI_CONFIG", Files.writeString(work.resolve("cli.properties"), "").toString());

            // 10,002 pictures on "a laptop": outside the import roots, so the CLI streams them as a tar
            Path laptop = new ShapesDataset(24, 11).write(work.resolve("laptop/pictures"), 3334);
            long pictureBytes = bytesUnder(laptop);
            Result uploaded = cli("-o", "json", "dataset", "create", "many", "--from", laptop.toString(),
                    "--test-ratio", "0.2", "--seed", "1");
            assertThat(uploaded.exitCode()).as(uploaded.err()).isZero();
            assertThat(uploaded.json().path("status").asText()).isEqualTo("READY");
            assertThat(uploaded.json().path("verification").path("images").asInt()).isEqualTo(10_002);

            Result removed = cli("dataset", "rm", "many", "--yes");
            assertThat(removed.exitCode()).as(removed.all()).isZero();
            assertThat(cli("dataset", "show", "many").exitCode()).as("a deleted dataset is unknown").isEqualTo(4);

            // a model trained on a small dataset: its champion needs force, its data version stays as a tombstone
            Path small = new ShapesDataset(16, 5).write(running.imports().resolve("small"), 20);
            assertThat(cli("dataset", "create", "small", "--from", small.toString()).exitCode()).isZero();
            Result trained = cli("train", "--model", "tiny", "--dataset", "small", "--epochs", "1",
                    "--image-size", "16", "--batch-size", "8");
            assertThat(trained.exitCode()).as(trained.all() + stack.logTail(Service.TRAINER, 40)).isZero();
            Path picture = Files.write(work.resolve("disc.png"), new ShapesDataset(16, 99).png("disc"));
            Eventually.until(PATIENCE, Duration.ofMillis(500), () -> cli("predict", "tiny", picture.toString()),
                    r -> r.exitCode() == 0, r -> "tiny is not served: " + (r == null ? null : r.all()));

            Result refused = cli("model", "rm", "tiny:1", "--yes");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
            assertThat(refused.err()).contains("force");

            Result tombstone = cli("-o", "json", "dataset", "rm", "small:1", "--yes");
            assertThat(tombstone.exitCode()).as(tombstone.all()).isZero();
            assertThat(tombstone.json().path("tombstone").asBoolean()).as(tombstone.out()).isTrue();
            Result kept = cli("-o", "json", "dataset", "show", "small:1");
            assertThat(kept.exitCode()).as(kept.all()).isZero();
            assertThat(kept.json().path("status").asText()).isEqualTo("DELETED");

            // a binding set through the API fires on the next split, with no restart; its job is cancelled running
            Result bound = cli("binding", "set", "bound", "--model", "bound-m", "--epochs", "200", "--image-size", "16",
                    "--batch-size", "8", "--debounce", "0");
            assertThat(bound.exitCode()).as(bound.all()).isZero();
            Path boundData = new ShapesDataset(16, 7).write(running.imports().resolve("bound"), 20);
            assertThat(cli("dataset", "create", "bound", "--from", boundData.toString()).exitCode()).isZero();
            JsonNode job = Eventually.until(PATIENCE, Duration.ofMillis(500),
                    () -> cli("-o", "json", "job", "ls", "--model", "bound-m").json(),
                    jobs -> jobs.size() == 1 && "RUNNING".equals(jobs.get(0).path("status").asText()),
                    jobs -> "the binding's job is not running: " + jobs).get(0);
            Result cancelled = cli("job", "cancel", job.path("jobId").asText(), "--yes");
            assertThat(cancelled.exitCode()).as(cancelled.all()).isZero();
            Eventually.until(PATIENCE, Duration.ofMillis(500),
                    () -> cli("-o", "json", "job", "ls", "--model", "bound-m").json(),
                    jobs -> "CANCELLED".equals(jobs.get(0).path("status").asText()), jobs -> "the job did not stop: " + jobs);
            assertThat(cli("-o", "json", "models", "bound-m").exitCode()).as("a cancelled job publishes nothing")
                    .isEqualTo(4);

            // the champion forced out by an admin: the inference-service lets it go
            Result forced = cli("model", "rm", "tiny", "--force", "--yes");
            assertThat(forced.exitCode()).as(forced.all()).isZero();
            Eventually.until(PATIENCE, Duration.ofMillis(500), () -> cli("predict", "tiny", picture.toString()),
                    r -> r.exitCode() == 4, r -> "tiny is still known: " + (r == null ? null : r.all()));

            // the collection gives back the deleted pictures' bytes
            Result collected = cli("-o", "json", "gc", "--service", "dataset");
            assertThat(collected.exitCode()).as(collected.all()).isZero();
            assertThat(collected.json().path("dataset-service").path("bytesReclaimed").asLong())
                    .as(collected.out()).isGreaterThan(pictureBytes / 2);
        }
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Sightline.execute(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static long bytesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
