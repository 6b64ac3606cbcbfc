package io.sightline.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sightline's three packaged services ({@code target/quarkus-app/quarkus-run.jar}) started as separate
 * JVM processes against one Kafka broker and one store, each logging to its own file.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * glibc malloc settings for the services that run PyTorch. glibc reads them only when a process starts, so
     * they go into the environment of the service's JVM (no -D property or later call can set them). With
     * glibc's defaults every large native tensor gets an mmap of its own and freed heap goes back to the
     * kernel, so each training step page-faults its activations in again: a Fashion-MNIST CNN (batch 128,
     * 2 threads) trained its first epoch in 66 s instead of 22 s, later ones in 27 s instead of 18 s, with
     * bit-identical results. The chart sets the same values (helm/sightline, {@code <service>.nativeMemory});
     * bench/run and bench/inference/run.sh export them too.
     */
    public static final Map<String, String> MALLOC_TUNING = Map.of(
            "MALLOC_MMAP_THRESHOLD_", "33554432",   // 32 MiB: only blocks this large get their own mmap
            "MALLOC_TRIM_THRESHOLD_", "1073741824", // 1 GiB of free heap kept instead of given back
            "MALLOC_TOP_PAD_", "268435456");        // 256 MiB extra whenever the heap grows

    /** The services, in start order. */
    public enum Service {
        DATASET("dataset-service", false), TRAINER("trainer-service", true), INFERENCE("inference-service", true);

        final String module;
        final boolean runsPyTorch;

        Service(String module, boolean runsPyTorch) {
            this.module = module;
            this.runsPyTorch = runsPyTorch;
        }

        public String module() {
            return module;
        }
    }

    private final Map<Service, Process> processes = new LinkedHashMap<>();
    private final Map<Service, Integer> ports;
    private final Map<Service, Path> logs = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path repoRoot;
    private final Map<String, String> properties;
    private final Path logDir;

    private LocalStack(Path repoRoot, Map<Service, Integer> ports, Map<String, String> properties, Path logDir) {
        this.repoRoot = repoRoot;
        this.ports = ports;
        this.properties = Map.copyOf(properties);
        this.logDir = logDir;
    }

    /**
     * Starts every service and waits until each reports ready.
     *
     * @param repoRoot   the checkout holding the packaged services
     * @param ports      HTTP port of each service
     * @param properties system properties every service gets (Kafka, store, …); keys may be prefixed
     *                   with {@code dataset-service:} etc. to reach one service only
     * @param logDir     where {@code <service>.log} files go
     * @param timeout    how long all of them may take to become ready
     */
    public static LocalStack start(Path repoRoot, Map<Service, Integer> ports, Map<String, String> properties,
                                   Path logDir, Duration timeout) throws IOException, InterruptedException {
        LocalStack stack = new LocalStack(repoRoot, ports, properties, logDir);
        try {
            Files.createDirectories(logDir);
            for (Service service : Service.values()) {
                stack.launch(service, false);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Service service : Service.values()) {
                stack.awaitReady(service, deadline);
            }
            return stack;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The packaged jar of a service, or a clear error telling how to build it. */
    public static Path jar(Path repoRoot, Service service) {
        Path jar = repoRoot.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests install");
        }
        return jar;
    }

    /**
     * SIGKILLs one service (no shutdown hooks, nothing flushed or acknowledged) and waits until it is gone.
     * Fault-injection tests use it; {@link #restart} brings the service back.
     */
    public void kill(Service service) throws InterruptedException {
        Process process = processes.get(service);
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(service.module + " survived SIGKILL for 30 s");
        }
    }

    /**
     * Starts a service that {@link #kill} stopped (or that died) again, on the same port with the same
     * properties, and waits until it reports ready; its log file is appended to. A running service is
     * SIGKILLed first.
     */
    public void restart(Service service, Duration timeout) throws IOException, InterruptedException {
        if (processes.get(service).isAlive()) {
            kill(service);
        }
        launch(service, true);
        awaitReady(service, System.nanoTime() + timeout.toNanos());
    }

    private void launch(Service service, boolean appendLog) throws IOException {
        Path log = logDir.resolve(service.module + ".log");
        logs.put(service, log);
        processes.put(service, startProcess(service, ports.get(service), Map.of(), log, appendLog));
    }

    /**
     * Starts one more instance of a service beside the stack's (a replica: same broker, store and properties),
     * on its own port and log file, and waits until it reports ready.
     *
     * @param extra system properties for this instance only (e.g. its worker name)
     */
    public Replica startReplica(Service service, int port, Map<String, String> extra, Duration timeout)
            throws IOException, InterruptedException {
        Path log = logDir.resolve(service.module + "-" + port + ".log");
        Replica replica = new Replica(startProcess(service, port, extra, log, false),
                URI.create("http://localhost:" + port), log);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            URI ready = replica.url().resolve("/q/health/ready");
            while (!isReady(ready)) {
                if (!replica.process().isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.module + " replica did not become ready:\n"
                            + replica.logTail(40));
                }
                Thread.sleep(250);
            }
            return replica;
        } catch (InterruptedException | RuntimeException e) {
            replica.close();
            throw e;
        }
    }

    /** One more instance of a service; {@link #close} stops it (SIGTERM, then SIGKILL after 20 s). */
    public record Replica(Process process, URI url, Path log) implements AutoCloseable {

        public String logTail(int lines) {
            try {
                List<String> all = Files.readAllLines(log);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException | RuntimeException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            awaitExit(process);
        }
    }

    private Process startProcess(Service service, int port, Map<String, String> extra, Path log, boolean appendLog)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dquarkus.http.port=" + port);
        Map<String, String> all = new LinkedHashMap<>();
        if (ports.containsKey(Service.DATASET)) { // the console's import form forwards to this stack's dataset-service
            all.put("trainer-service:sightline.console.dataset-service-url",
                    "http://localhost:" + ports.get(Service.DATASET));
        }
        all.putAll(properties);
        all.putAll(extra);
        all.forEach((key, value) -> {
            int colon = key.indexOf(':');
            if (colon < 0) {
                command.add("-D" + key + "=" + value);
            } else if (key.substring(0, colon).equals(service.module)) {
                command.add("-D" + key.substring(colon + 1) + "=" + value);
            }
        });
        command.add("-jar");
        command.add(jar(repoRoot, service).toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        if (service.runsPyTorch) {
            builder.environment().putAll(MALLOC_TUNING);
        }
        return builder
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()))
                .start();
    }

    private boolean isReady(URI ready) throws InterruptedException {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException notYetListening) {
            return false;
        }
    }

    private void awaitReady(Service service, long deadline) throws InterruptedException {
        URI ready = url(service).resolve("/q/health/ready");
        while (true) {
            Process process = processes.get(service);
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module + " exited with " + process.exitValue()
                        + ":\n" + logTail(service, 40));
            }
            if (isReady(ready)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.module + " not ready in time:\n" + logTail(service, 40));
            }
            Thread.sleep(250);
        }
    }

    /** Base URL of a service, e.g. {@code http://localhost:8081}. */
    public URI url(Service service) {
        return URI.create("http://localhost:" + ports.get(service));
    }

    /** The running process of a service (fault-injection tests kill it). */
    public Process process(Service service) {
        return processes.get(service);
    }

    /** The last lines of a service's log, for failure messages. */
    public String logTail(Service service, int lines) {
        try {
            List<String> all = Files.readAllLines(logs.get(service));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the services in reverse start order: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        List<Service> reverse = new ArrayList<>(processes.keySet());
        Collections.reverse(reverse);
        for (Service service : reverse) {
            processes.get(service).destroy();
        }
        for (Service service : reverse) {
            awaitExit(processes.get(service));
        }
        processes.clear();
    }

    /** Waits for a process told to stop: 20 s, then SIGKILL. */
    private static void awaitExit(Process process) {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
