package io.sightline.e2e.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.LocalStack;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.RunningStack;
import io.sightline.e2e.ShapesDataset;
import io.sightline.e2e.SightlineClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running stack (real broker, the three packaged services as processes, one store) shared by every
 * fault-injection class of a test run: starting it costs ~30 s on 2 cores, more than most scenarios.
 * It is closed when the whole run ends. A scenario that kills something brings it back before it ends;
 * should one fail half-way, the next class's {@code beforeAll} restarts any service found dead.
 *
 * <p>State lives under {@code e2e/target/fault-stack-<time>/} (store, imports, one log per service), kept
 * after the run for reading.
 */
final class FaultStack implements BeforeAllCallback {

    /*
     * Datasets with a retrain binding (and the model each binding trains: one epoch, 16 px): a split of
     * POISON_DATASET is the valid event behind the poison, one of OUTAGE_DATASET is made while the broker is away.
     */
    static final String POISON_DATASET = "poison-check";
    static final String POISON_MODEL = "poison-check-cnn";
    static final String OUTAGE_DATASET = "outage-split";
    static final String OUTAGE_MODEL = "outage-retrain";

    /** The model {@link #probeModel()} trains. */
    static final String PROBE_MODEL = "probe-cnn";

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static volatile Shared shared;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        shared = context.getRoot().getStore(ExtensionContext.Namespace.create(FaultStack.class))
                .computeIfAbsent(Shared.class, key -> Shared.start(), Shared.class);
        for (Service service : Service.values()) {
            if (!shared.running.stack().process(service).isAlive()) {
                shared.running.stack().restart(service, START_TIMEOUT);
            }
        }
    }

    static RunningStack running() {
        return shared.running;
    }

    static LocalStack stack() {
        return shared.running.stack();
    }

    static SightlineClient client() {
        return shared.running.client();
    }

    static String bootstrap() {
        return shared.running.broker().bootstrapServers();
    }

    /** The READY dataset {@code shapes} (3 classes × 40 PNGs, 32 px), made at start; returns its version. */
    static String shapesDataset() {
        return shared.datasets.get("shapes");
    }

    /** The version of a dataset made at start ({@code shapes}, {@code kill-data}, {@code outage-train}). */
    static String dataset(String name) {
        return shared.datasets.get(name);
    }

    /**
     * A model that serves (version 1, trained for one epoch on {@link #shapesDataset()} at 16 px), trained on
     * first use; returns its name.
     */
    static synchronized String probeModel() throws IOException, InterruptedException {
        if (!shared.probeTrained) {
            String version = shapesDataset();
            client().startTraining(SightlineClient.object().put("model", PROBE_MODEL).put("dataset", "shapes")
                    .put("datasetVersion", version).put("epochs", 1).put("batchSize", 16).put("imageSize", 16))
                    .requireStatus(202);
            awaitServing(PROBE_MODEL, "1", Duration.ofMinutes(2));
            shared.probeTrained = true;
        }
        return PROBE_MODEL;
    }

    /** Writes a generated dataset under the import root, posts it and waits for READY; returns the version. */
    static String createDataset(String name, int perClass, int size, long seed) throws IOException, InterruptedException {
        Path source = new ShapesDataset(size, seed).write(running().imports().resolve(name + "-" + seed), perClass);
        SightlineClient.Reply reply;
        try {
            reply = client().createDataset(name, source.toString(), 0.25, 7).requireStatus(202);
        } catch (IOException e) {
            throw new IOException("POST /datasets " + name + " failed: " + e + "\n" + threadDump(Service.DATASET), e);
        }
        String location = reply.raw().headers().firstValue("Location").orElseThrow();
        JsonNode version = client().await(client().datasetUrl().resolve(location),
                SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(2));
        if (!"READY".equals(version.path("status").asText())) {
            throw new IllegalStateException("dataset " + name + " was rejected: " + version);
        }
        return version.path("version").asText();
    }

    /**
     * Stops the broker ({@code bin/kafka stop}: SIGTERM, a clean shutdown; its data stays) and leaves it
     * stopped; {@link #startBroker()} brings it back on the same ports and data.
     */
    static void stopBroker() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("sightline.repo.root", "..")).resolve("bin/kafka");
        Process stop = new ProcessBuilder("bash", script.toString(), "stop", "--dir",
                shared.running.broker().stateDir().toString()).redirectErrorStream(true).start();
        String output = new String(stop.getInputStream().readAllBytes());
        if (stop.waitFor() != 0) {
            throw new IllegalStateException("bin/kafka stop failed: " + output);
        }
    }

    /** Starts the broker {@link #stopBroker()} stopped; returns once it serves clients. */
    static void startBroker() {
        shared.running.broker().restart(); // its stop finds nothing running, then it starts
    }

    /** {@code jstack} of a service's process, for failure messages about a service that stopped answering. */
    static String threadDump(Service service) {
        try {
            Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
            Process dump = new ProcessBuilder(jstack.toString(), String.valueOf(stack().process(service).pid()))
                    .redirectErrorStream(true).start();
            String out = new String(dump.getInputStream().readAllBytes());
            dump.waitFor();
            return out;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Polls {@code POST /predict/{model}} until it answers 200 from {@code version}; returns the last answer. */
    static JsonNode awaitServing(String model, String version, Duration timeout) throws IOException, InterruptedException {
        byte[] image = new ShapesDataset(32, 99).png("disc");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SightlineClient.Reply reply = client().predict(model, image, "image/png", 1);
            if (reply.status() == 200 && version.equals(reply.body().path("version").asText())) {
                return reply.body();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("inference never served " + model + " v" + version + ", last answer "
                        + reply.status() + " " + reply.raw().body() + "\n" + stack().logTail(Service.INFERENCE, 40));
            }
            Thread.sleep(200);
        }
    }

    /** {@code GET} a path of a service; the answer whatever its status. */
    static HttpResponse<String> get(Service service, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(stack().url(service).resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /models/{model}/versions/{v}/promote} on the trainer (an operator's rollback); must answer 200. */
    static void promote(String model, String version) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack().url(Service.TRAINER)
                        .resolve("/models/" + model + "/versions/" + version + "/promote"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("promote " + model + " v" + version + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** Sum of a Prometheus counter of one service (every tag combination matching {@code tagFilter}). */
    static double metric(Service service, String name, String tagFilter) throws IOException, InterruptedException {
        HttpResponse<String> response = get(service, "/q/metrics");
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(tagFilter)) {
                // "name{tags} value" or, with exemplars, "name{tags} value # {trace_id=…} value timestamp"
                String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
                sum += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The shared state; closed by JUnit when the root context closes (end of the run). */
    private static final class Shared implements AutoCloseable {
        final RunningStack running;
        final Map<String, String> datasets = new HashMap<>();
        boolean probeTrained;

        private Shared(RunningStack running) {
            this.running = running;
        }

        static Shared start() {
            try {
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                Path work = Files.createDirectories(Path.of("target", "fault-stack-" + stamp).toAbsolutePath());
                Shared started = new Shared(RunningStack.start(work, properties()));
                shared = started;
                try {
                    started.createDatasets();
                } catch (IOException | InterruptedException | RuntimeException e) {
                    started.close();
                    throw e;
                }
                return started;

            } catch (IOException e) {
                throw new IllegalStateException("cannot start the fault stack", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the fault stack", e);
            }
        }

        /*
         * Made before anything trains, so the trainer's first look at the store's packs sees them all: a pack
         * added later can be missed by the trainer's parallel decode (the pack-visibility bug in
         * docs/reliability.md, PackVisibilityTest), which is not what these scenarios are about.
         */
        private void createDatasets() throws IOException, InterruptedException {
            datasets.put("shapes", createDataset("shapes", 40, 32, 1));
            datasets.put("kill-data", createDataset("kill-data", FaultProfile.pick(50, 150), 48, 11));
            datasets.put("outage-train", createDataset("outage-train", 60, 64, 31));
        }

        private static Map<String, String> properties() {
            Map<String, String> p = new HashMap<>();
            // A SIGKILLed worker's partition moves to another member only when its session expires: Kafka's
            // default 45 s would dominate the kill test. 6 s is the broker's minimum (group.min.session.timeout.ms).
            p.put("trainer-service:mp.messaging.incoming.training-requests.session.timeout.ms", "6000");
            p.put("trainer-service:mp.messaging.incoming.training-requests.heartbeat.interval.ms", "1000");
            // Likewise the killed worker's job lease (decision 027): the restarted worker waits for it to expire.
            p.put("trainer-service:sightline.trainer.lease-ttl", "6s");
            p.put("trainer-service:sightline.trainer.retrain-debounce", "0s");
            binding(p, POISON_DATASET, POISON_MODEL);
            binding(p, OUTAGE_DATASET, OUTAGE_MODEL);
            return p;
        }

        private static void binding(Map<String, String> p, String dataset, String model) {
            String prefix = "trainer-service:sightline.trainer.retrain." + dataset + ".";
            p.put(prefix + "model", model);
            p.put(prefix + "epochs", "1");
            p.put(prefix + "image-size", "16");
            p.put(prefix + "batch-size", "16");
        }

        @Override
        public void close() {
            running.close();
        }
    }
}
