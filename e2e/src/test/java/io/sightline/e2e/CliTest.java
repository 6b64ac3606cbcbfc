package io.sightline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.Sightline;
import io.sightline.e2e.LocalStack.Service;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sightline} command against the real stack (a broker and the three packaged services as processes,
 * the run's {@link SharedStack}): status, dataset create from a folder and from a zip, train with live epochs,
 * models, promote, predict, and the exit codes scripts rely on. Runs the command in-process, and once through
 * {@code bin/sightline}.
 */
@Tag("stack")
@ExtendWith(SharedStack.class)
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASET = "cli-shapes";
    private static final String MODEL = "shapes-cli";

    @TempDir
    Path work;

    private Map<String, String> env;

    record Result(int exitCode, String out, String err) {

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @Test
    void createTrainPredictThroughTheCli(RunningStack running) throws Exception {
        Path data = new ShapesDataset(32, 1).write(running.imports().resolve(DATASET), 30);
        Path zip = zip(data, work.resolve("upload/" + DATASET + ".zip"));

        LocalStack stack = running.stack();
        env = Map.of("SIGHTLINE_DATASET_URL", stack.url(Service.DATASET).toString(),
                "SIGHTLINE_TRAINER_URL", stack.url(Service.TRAINER).toString(),
                "SIGHTLINE_INFERENCE_URL", stack.url(Service.INFERENCE).toString(),
                "SIGHTLINE_CLI_CONFIG", Files.writeString(work.resolve("cli.properties"), "").toString());

        // the launcher script, as a user runs it
        Result launched = launcher("status", "--output", "json");
        assertThat(launched.exitCode()).as(launched.err()).isZero();
        JsonNode status = launched.json();
        assertThat(status.path("services")).hasSize(3);
        status.path("services").forEach(s -> {
            assertThat(s.path("ready").asBoolean()).as(s.toString()).isTrue();
            assertThat(s.path("kafka").asText()).as(s.toString()).isNotEqualTo("DOWN");
        });

        Result created = cli("-o", "json", "dataset", "create", DATASET, "--from", data.toString(),
                "--test-ratio", "0.25", "--seed", "7");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode version = created.json();
        assertThat(version.path("status").asText()).isEqualTo("READY");
        assertThat(version.path("counts").size()).isEqualTo(3);
        assertThat(version.path("verification").path("images").asInt()).isEqualTo(90);

        // the same pictures as an upload: streamed, same content, so the same version
        Result uploaded = cli("-o", "json", "dataset", "create", DATASET, "--from", zip.toString(),
                "--test-ratio", "0.25", "--seed", "7");
        assertThat(uploaded.exitCode()).as(uploaded.err()).isZero();
        assertThat(uploaded.json().path("sameAs").asText()).isEqualTo("1");

        // the folder streamed as a tar, as from a laptop the service cannot see: the same content, the same version
        Result streamed = cli("-o", "json", "dataset", "create", DATASET, "--from", data.toString(), "--upload",
                "--test-ratio", "0.25", "--seed", "7");
        assertThat(streamed.exitCode()).as(streamed.err()).isZero();
        assertThat(streamed.json().path("sameAs").asText()).isEqualTo("1");

        Result shown = cli("dataset", "show", DATASET + ":1");
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).contains("dataset " + DATASET + " version 1: READY").contains("disc")
                .contains("verification: passed, 90 images");

        Result trained = cli("train", "--model", MODEL, "--dataset", DATASET, "--epochs", "4",
                "--image-size", "32", "--batch-size", "16");
        assertThat(trained.exitCode()).as(trained.out() + trained.err() + stack.logTail(Service.TRAINER, 40))
                .isZero();
        assertThat(trained.out()).contains("queued").contains("epoch 1/4  loss").contains("epoch 4/4")
                .contains("COMPLETED").contains("model " + MODEL + " version 1").contains("report: ")
                .containsPattern("(?m)^(not )?promoted");

        Result models = cli("-o", "json", "models", MODEL);
        assertThat(models.exitCode()).isZero();
        assertThat(models.json().path("champion").path("version").asText()).isEqualTo("1");

        Result promoted = cli("promote", MODEL, "1", "--wait", "--wait-timeout", "60");
        assertThat(promoted.exitCode()).as(promoted.err()).isZero();
        assertThat(promoted.out()).contains("inference-service serves " + MODEL + " version 1");

        ShapesDataset fresh = new ShapesDataset(32, 424242);
        List<String> images = new ArrayList<>(List.of("predict", MODEL, "--top-k", "2"));
        for (String label : ShapesDataset.CLASSES) {
            images.add(Files.write(work.resolve(label + ".png"), fresh.png(label)).toString());
        }
        Result table = cli(images.toArray(String[]::new));
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("→  " + MODEL + " v1").contains("PROBABILITY");
        Result predicted = cli(Stream.concat(Stream.of("-o", "json"), images.stream()).toArray(String[]::new));
        assertThat(predicted.exitCode()).isZero();
        assertThat(predicted.json()).hasSize(3);
        for (JsonNode answer : predicted.json()) {
            assertThat(answer.path("predictions")).hasSize(2);
            assertThat(ShapesDataset.CLASSES).contains(answer.path("predictions").get(0).path("label").asText());
        }

        Result unknown = cli("predict", "no-such-model", images.get(4));
        assertThat(unknown.exitCode()).isEqualTo(4);
        assertThat(unknown.err()).contains("inference-service");
        Result refused = cli("train", "--model", MODEL, "--dataset", "no-such-dataset");
        assertThat(refused.exitCode()).as("a request the trainer refuses as given").isEqualTo(2);
        assertThat(refused.err()).contains("no-such-dataset");
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Sightline.execute(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Result launcher(String... args) throws IOException, InterruptedException {
        Path root = RepoRoot.find();
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/sightline").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("launcher.out").toFile())
                .redirectError(work.resolve("launcher.err").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/sightline did not end");
        }
        return new Result(process.exitValue(), Files.readString(work.resolve("launcher.out")),
                Files.readString(work.resolve("launcher.err")));
    }

    private static Path zip(Path folder, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream file = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(file);
             Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(folder.relativize(path).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(path));
                zip.closeEntry();
            }
        }
        return target;
    }
}
