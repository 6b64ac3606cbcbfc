package io.sightline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.e2e.LocalStack.Service;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's first command: the whole loop on a generated dataset, locally. Starts Kafka (unless one
 * runs already) and the three services, creates a dataset, trains a CNN, waits until the new version
 * serves, predicts held-out images, prints what happened, and stops what it started.
 */
public final class Demo {

    private static final String NAME = "shapes";

    private final Path repo;
    private final Path home;
    private final int perClass;
    private final int epochs;

    private Demo(Path repo, Path home, int perClass, int epochs) {
        this.repo = repo;
        this.home = home;
        this.perClass = perClass;
        this.epochs = epochs;
    }

    public static void main(String[] args) throws Exception {
        int perClass = 60;
        int epochs = 6;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images-per-class" -> perClass = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: bin/demo [--images-per-class N (60)] [--epochs N (6)]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        Path home = Path.of(System.getenv().getOrDefault("SIGHTLINE_HOME",
                Path.of(System.getProperty("user.home"), ".sightline").toString()));
        new Demo(RepoRoot.find(), home, perClass, epochs).run();
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
            properties.put("dataset-service:sightline.dataset.import-roots", home.resolve("demo").toString());
            try (LocalStack stack = LocalStack.start(repo, ports, properties, home.resolve("logs"),
                    Duration.ofMinutes(3))) {
                say("      ready in %.1f s (logs in %s)", seconds(start), home.resolve("logs"));
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

    private void loop(SightlineClient client) throws IOException, InterruptedException {
        Path source = home.resolve("demo").resolve(NAME);
        step("generating %d images per class (%s) into %s", perClass, String.join(", ", ShapesDataset.CLASSES), source);
        new ShapesDataset(32, 1).write(source, perClass);

        step("POST /datasets: split 75/25 per class, copy by content, verify");
        SightlineClient.Reply accepted = client.createDataset(NAME, source.toString(), 0.25, 7).requireStatus(202);
        String location = accepted.raw().headers().firstValue("Location").orElseThrow();
        JsonNode version = client.await(client.datasetUrl().resolve(location),
                SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(3));
        if (!"READY".equals(version.path("status").asText())) {
            throw new IllegalStateException("the dataset was rejected: " + version);
        }
        String datasetVersion = version.hasNonNull("sameAs") ? version.path("sameAs").asText()
                : version.path("version").asText();
        say("      version %s READY%s", datasetVersion,
                version.hasNonNull("sameAs") ? " (same content as before: no new version)" : "");
        say("      counts: %s", version.path("counts"));
        say("      verification: %s", version.path("verification"));

        step("POST /training-jobs: cnn from scratch, %d epochs, Adam 1e-3", epochs);
        ObjectNode job = SightlineClient.object().put("model", NAME).put("dataset", NAME)
                .put("datasetVersion", datasetVersion).put("architecture", "cnn").put("epochs", epochs)
                .put("batchSize", 32).put("learningRate", 1e-3).put("imageSize", 32).put("seed", 42);
        String jobId = client.startTraining(job).requireStatus(202).body().path("jobId").asText();
        JsonNode finished = follow(client, jobId);
        if (!"COMPLETED".equals(finished.path("status").asText())) {
            throw new IllegalStateException("training did not complete: " + finished);
        }
        String modelVersion = finished.path("modelVersion").asText();
        say("      model %s version %s, test accuracy %s", NAME, modelVersion, finished.path("testAccuracy"));

        step("waiting for inference-service to serve version %s (hot swap on model.promoted)", modelVersion);
        ShapesDataset fresh = new ShapesDataset(32, 20261128);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            SightlineClient.Reply reply = client.predict(NAME, fresh.png("disc"), "image/png", 1);
            if (reply.status() == 200 && modelVersion.equals(reply.body().path("version").asText())) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("version " + modelVersion + " not served: " + reply.raw().body());
            }
            Thread.sleep(200);
        }

        step("POST /predict/%s on 30 images it has never seen", NAME);
        int correct = 0;
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String label = ShapesDataset.CLASSES.get(i % ShapesDataset.CLASSES.size());
            JsonNode answer = client.predict(NAME, fresh.png(label), "image/png", 3).requireStatus(200).body();
            JsonNode best = answer.path("predictions").get(0);
            latencies.add(answer.path("latencyMs").asDouble());
            if (best.path("label").asText().equals(label)) {
                correct++;
            }
            if (i < 3) {
                say("      a %-10s → %-10s p=%.3f", label, best.path("label").asText(), best.path("probability").asDouble());
            }
        }
        Collections.sort(latencies);
        say("      %d/30 correct (%.0f%%), median server latency %.2f ms", correct, 100.0 * correct / 30,
                latencies.get(latencies.size() / 2));
        say("      artefacts: %s", home.resolve("models").resolve(NAME).resolve(modelVersion));
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
                say("      epoch %d/%d  loss %.4f  acc %.3f  held-out acc %s  (%d ms)", e.path("epoch").asInt(),
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
        Process process = new ProcessBuilder(repo.resolve("bin/kafka").toString(), command)
                .inheritIO()
                .start();
        return process.waitFor();
    }

    private int steps;

    private void step(String format, Object... args) {
        say("[%d] " + format, prepend(++steps, args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
