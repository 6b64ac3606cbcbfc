package io.sightline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.e2e.LocalStack.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's first command: the whole loop, locally. Starts Kafka (unless one runs already) and the
 * three services, creates a dataset (Fashion-MNIST when Debian's package is installed, generated shapes
 * otherwise), trains a CNN, waits until the new version serves, predicts held-out pictures, prints what
 * happened, and stops what it started.
 */
public final class Demo {

    private static final String USAGE = """
            usage: bin/demo [--data auto|fashion|shapes] [--images-per-class N] [--epochs N (6)]
              fashion  real Fashion-MNIST pictures (sudo apt-get install dataset-fashion-mnist), 300 per class
              shapes   generated discs and stripes, 60 per class
              auto     fashion when the package is installed, else shapes (default)
            State lives under $SIGHTLINE_HOME (default ~/.sightline); services log to its logs/ folder.""";

    private final Path repo;
    private final Path home;
    private final String data;
    private final int perClass;
    private final int epochs;
    private int steps;

    private Demo(Path repo, Path home, String data, int perClass, int epochs) {
        this.repo = repo;
        this.home = home;
        this.data = data;
        this.perClass = perClass;
        this.epochs = epochs;
    }

    public static void main(String[] args) throws Exception {
        String data = "auto";
        int perClass = 0;
        int epochs = 6;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = args[++i];
                    case "--images-per-class" -> perClass = Integer.parseInt(args[++i]);
                    case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!List.of("auto", "fashion", "shapes").contains(data) || perClass < 0 || epochs < 1) {
                throw new IllegalArgumentException("bad option value");
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        Path home = Path.of(System.getenv().getOrDefault("SIGHTLINE_HOME",
                Path.of(System.getProperty("user.home"), ".sightline").toString()));
        new Demo(RepoRoot.find(), home, data, perClass, epochs).run();
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        say("Sightline demo: store %s, Kafka localhost:9092, services on :8081 :8082 :8083", home);
        boolean startedKafka = false;
        if (kafka("status") != 0) {
            step("starting Kafka (KRaft, single node)");
            if (kafka("start") != 0) {
                throw new IllegalStateException("Kafka did not start: see " + home.resolve("kafka/logs/server.log"));
            }
            startedKafka = true;
        } else {
            step("using the Kafka broker already running");
        }
        try {
            step("starting dataset-service, trainer-service, inference-service");
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            ports.put(Service.DATASET, 8081);
            ports.put(Service.TRAINER, 8082);
            ports.put(Service.INFERENCE, 8083);
            Map<String, String> properties = new HashMap<>();
            properties.put("kafka.bootstrap.servers", "localhost:9092");
            properties.put("sightline.store.uri", home.toUri().toString());
            // the dataset-service reads only under its import roots, which must exist when it starts
            Path imports = Files.createDirectories(home.resolve("demo"));
            properties.put("dataset-service:sightline.dataset.import-roots", imports.toString());
            try (LocalStack stack = LocalStack.start(repo, ports, properties, home.resolve("logs"),
                    Duration.ofMinutes(3))) {
                say("    ready after %.1f s (logs in %s)", seconds(start), home.resolve("logs"));
                loop(new SightlineClient(stack.url(Service.DATASET), stack.url(Service.TRAINER),
                        stack.url(Service.INFERENCE)));
                step("stopping the services" + (startedKafka ? " and Kafka" : ""));
            }
        } finally {
            if (startedKafka) {
                kafka("stop");
            }
        }
        say("Done in %.0f s.", seconds(start));
    }

    /** What the demo learns from: a class-folder directory and held-out pictures to predict. */
    private record Data(String name, Path source, List<FashionMnist.Picture> heldOut, int imageSize) {
    }

    private Data prepare() throws IOException {
        FashionMnist fashion = new FashionMnist(FashionMnist.DEBIAN_DIR);
        boolean useFashion = data.equals("fashion") || (data.equals("auto") && fashion.available());
        if (useFashion) {
            if (!fashion.available()) {
                throw new IllegalStateException(
                        "Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist");
            }
            int n = perClass > 0 ? perClass : 300;
            Path source = home.resolve("demo").resolve("fashion");
            step("writing %d Fashion-MNIST pictures per class (10 classes, 28x28) into %s", n, source);
            fashion.writeTrainingFolders(source, n);
            return new Data("fashion", source, fashion.heldOut(3), 28);
        }
        if (data.equals("auto")) {
            say("    (Fashion-MNIST is not installed, so the pictures are generated shapes; for real ones: "
                    + "sudo apt-get install dataset-fashion-mnist)");
        }
        int n = perClass > 0 ? perClass : 60;
        Path source = home.resolve("demo").resolve("shapes");
        step("generating %d images per class (%s) into %s", n, String.join(", ", ShapesDataset.CLASSES), source);
        new ShapesDataset(32, 1).write(source, n);
        ShapesDataset fresh = new ShapesDataset(32, 20261128);
        List<FashionMnist.Picture> heldOut = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String label = ShapesDataset.CLASSES.get(i % ShapesDataset.CLASSES.size());
            heldOut.add(new FashionMnist.Picture(label, fresh.png(label)));
        }
        return new Data("shapes", source, heldOut, 32);
    }

    private void loop(SightlineClient client) throws IOException, InterruptedException {
        Data d = prepare();
        String name = d.name();

        step("POST /datasets: split 75/25 per class, copy by content, verify");
        SightlineClient.Reply accepted = client.createDataset(name, d.source().toString(), 0.25, 7).requireStatus(202);
        String location = accepted.raw().headers().firstValue("Location").orElseThrow();
        JsonNode version = client.await(client.datasetUrl().resolve(location),
                SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(3));
        if (!"READY".equals(version.path("status").asText())) {
            throw new IllegalStateException("the dataset was rejected: " + version.path("reason").asText());
        }
        String datasetVersion = version.hasNonNull("sameAs") ? version.path("sameAs").asText()
                : version.path("version").asText();
        JsonNode verification = version.path("verification");
        say("    version %s READY%s", datasetVersion,
                version.hasNonNull("sameAs") ? " (same content as before: no new version)" : "");
        say("    verification: %d files, %d hashes re-checked, reconciled=%s, corrupt %d, duplicates %d, leaked %d",
                verification.path("sourceFiles").asInt(), verification.path("blobsChecked").asInt(),
                verification.path("reconciled").asBoolean(), verification.path("corrupt").asInt(),
                verification.path("duplicates").asInt(), verification.path("leakedContent").asInt());
        version.path("counts").fields().forEachRemaining(c -> say("    %-11s train %4d  test %4d", c.getKey(),
                c.getValue().path("train").asInt(), c.getValue().path("test").asInt()));

        step("POST /training-jobs: cnn from scratch, %d epochs, Adam 1e-3", epochs);
        ObjectNode job = SightlineClient.object().put("model", name).put("dataset", name)
                .put("datasetVersion", datasetVersion).put("architecture", "cnn").put("epochs", epochs)
                .put("batchSize", 32).put("learningRate", 1e-3).put("imageSize", d.imageSize()).put("seed", 42);
        String jobId = client.startTraining(job).requireStatus(202).body().path("jobId").asText();
        JsonNode finished = follow(client, jobId);
        if (!"COMPLETED".equals(finished.path("status").asText())) {
            throw new IllegalStateException("training did not complete: " + finished);
        }
        String modelVersion = finished.path("modelVersion").asText();
        say("    model %s version %s, test accuracy %.3f", name, modelVersion, finished.path("testAccuracy").asDouble());

        JsonNode decided = finished;
        long decideBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!decided.path("promoted").isBoolean() && System.nanoTime() < decideBy) {
            Thread.sleep(200);
            decided = client.trainerResource("/training-jobs/" + jobId).requireStatus(200).body();
        }
        boolean promoted = decided.path("promoted").asBoolean(false);
        if (!promoted) {
            // an earlier run left a champion that scores higher on this test split: it keeps serving
            say("    kept as a candidate, not promoted: %s", decided.path("promotion").asText("no decision yet"));
        }

        step(promoted ? "waiting for inference-service to serve version " + modelVersion
                + " (hot swap on model.promoted)" : "waiting for inference-service to serve the champion");
        byte[] probe = d.heldOut().get(0).png();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            SightlineClient.Reply reply = client.predict(name, probe, "image/png", 1);
            if (reply.status() == 200 && (!promoted || modelVersion.equals(reply.body().path("version").asText()))) {
                modelVersion = reply.body().path("version").asText();
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("version " + modelVersion + " not served: " + reply.raw().body());
            }
            Thread.sleep(200);
        }
        say("    serving %s version %s", name, modelVersion);

        step("POST /predict/%s on %d held-out pictures it has never seen", name, d.heldOut().size());
        int correct = 0;
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < d.heldOut().size(); i++) {
            FashionMnist.Picture picture = d.heldOut().get(i);
            JsonNode answer = client.predict(name, picture.png(), "image/png", 3).requireStatus(200).body();
            JsonNode best = answer.path("predictions").get(0);
            latencies.add(answer.path("latencyMs").asDouble());
            if (best.path("label").asText().equals(picture.label())) {
                correct++;
            }
            if (i < 5) {
                say("    a %-11s -> %-11s p=%.3f", picture.label(), best.path("label").asText(),
                        best.path("probability").asDouble());
            }
        }
        Collections.sort(latencies);
        say("    %d/%d correct (%.0f%%), median server latency %.2f ms", correct, d.heldOut().size(),
                100.0 * correct / d.heldOut().size(), latencies.get(latencies.size() / 2));
        say("    model artefacts: %s", home.resolve("models").resolve(name).resolve(modelVersion));
        say("    dataset version: %s", home.resolve("datasets").resolve(name).resolve(datasetVersion));
    }

    /** Prints each epoch as the trainer reports it until the job ends. */
    private JsonNode follow(SightlineClient client, String jobId) throws IOException, InterruptedException {
        int shown = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = client.trainerResource("/training-jobs/" + jobId).requireStatus(200).body();
            JsonNode epochsSeen = job.path("epochs");
            for (; shown < epochsSeen.size(); shown++) {
                JsonNode e = epochsSeen.get(shown);
                say("    epoch %d/%d  loss %.4f  acc %.3f  held-out acc %s  (%d ms)", e.path("epoch").asInt(),
                        e.path("epochs").asInt(), e.path("trainLoss").asDouble(), e.path("trainAccuracy").asDouble(),
                        e.path("validationAccuracy").isNumber()
                                ? String.format("%.3f", e.path("validationAccuracy").asDouble()) : "-",
                        e.path("durationMs").asLong());
            }
            String status = job.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                return job;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("training job " + jobId + " did not end in 30 minutes");
    }

    private int kafka(String command) throws IOException, InterruptedException {
        ProcessBuilder kafka = new ProcessBuilder("bash", repo.resolve("bin/kafka").toString(), command);
        if (command.equals("status")) {
            // only its exit code matters here
            kafka.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            kafka.inheritIO();
        }
        return kafka.start().waitFor();
    }

    private void step(String format, Object... args) {
        System.out.println("[" + (++steps) + "] " + String.format(format, args));
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
