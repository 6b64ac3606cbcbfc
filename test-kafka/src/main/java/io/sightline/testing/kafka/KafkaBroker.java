package io.sightline.testing.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft) in its own process, driven through {@code bin/kafka}, for
 * tests of what crosses the broker: serialisation, consumer groups, redelivery after a restart.
 *
 * <p>{@link #start()} gives a test its own broker on free ports with a temporary state folder, to
 * close when done. {@link #shared()} gives all test classes of a JVM one broker, which a shutdown
 * hook stops. {@link #startWithScram(Map)} gives a broker whose client port accepts only SCRAM-SHA-512
 * logins of the given users ({@code bin/kafka start --scram}). A start takes 2–3 s on a quiet 2-core
 * machine and up to ~11 s on a busy one; the first one on a machine also downloads the broker jars
 * (see {@code bin/kafka fetch}).
 *
 * <p>Not thread-safe: meant to be driven by one test thread.
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property: the repository root (the folder holding {@code bin/kafka}). */
    public static final String REPO_ROOT_PROPERTY = "sightline.repo.root";

    /*
     * Records the shared broker as "port controllerPort stateDir". A system property, not a static
     * field: Quarkus tests may load this class once per application class loader, and a static
     * field would then start one broker per loader. System properties are one per JVM.
     */
    private static final String SHARED_PROPERTY = "sightline.kafka.shared";

    /** bin/kafka has its own start timeout (90 s); the first run may also download ~45 MB of jars. */
    private static final long SCRIPT_TIMEOUT_MINUTES = 10;

    private static final int STATUS_RUNNING = 0;

    /** The only SASL mechanism a SCRAM-mode broker accepts. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path script;
    private final int port;
    private final int controllerPort;
    private final Path stateDir;
    private final boolean shared;
    /** {@code --scram user:password} arguments, empty for a PLAINTEXT broker; repeated on every start. */
    private final List<String> scramArgs;
    private boolean closed;

    private KafkaBroker(Path script, int port, int controllerPort, Path stateDir, boolean shared, List<String> scramArgs) {
        this.script = script;
        this.port = port;
        this.controllerPort = controllerPort;
        this.stateDir = stateDir;
        this.shared = shared;
        this.scramArgs = scramArgs;
    }

    /**
     * Starts a broker of its own on two free local ports with a new temporary state folder and
     * returns once it serves clients.
     *
     * @throws IllegalStateException if {@code bin/kafka} is not found or the broker does not start;
     *     the message holds the script's output, including the tail of the broker log
     */
    public static KafkaBroker start() {
        return startNew(false, Map.of());
    }

    /**
     * Starts a broker of its own whose client port speaks SASL_PLAINTEXT and accepts only SCRAM-SHA-512
     * logins of these users (name to password; names {@code [A-Za-z0-9._-]}, passwords
     * {@code [A-Za-z0-9._~+/-]}). Clients connect with {@link #scramClientConfig(String, String)}.
     */
    public static KafkaBroker startWithScram(Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a SCRAM broker needs at least one user");
        }
        return startNew(false, users);
    }

    /**
     * The broker shared by every caller in this JVM, started on first use and stopped when the JVM
     * exits. Its {@link #stop()} and {@link #close()} throw: other test classes still use it.
     */
    public static KafkaBroker shared() {
        // System.getProperties() is one object per JVM, so this lock holds across class loaders.
        synchronized (System.getProperties()) {
            String recorded = System.getProperty(SHARED_PROPERTY);
            if (recorded != null) {
                String[] parts = recorded.split(" ", 3);
                return new KafkaBroker(findScript(), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Path.of(parts[2]), true, List.of());
            }
            KafkaBroker broker = startNew(true, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stopAndDelete, "sightline-kafka-shutdown"));
            System.setProperty(SHARED_PROPERTY, broker.port + " " + broker.controllerPort + " " + broker.stateDir);
            return broker;
        }
    }

    private static KafkaBroker startNew(boolean shared, Map<String, String> scramUsers) {
        Path script = findScript();
        int[] ports = freePorts();
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("sightline-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state folder for Kafka", e);
        }
        List<String> scramArgs = new ArrayList<>();
        scramUsers.forEach((user, password) -> scramArgs.addAll(List.of("--scram", user + ":" + password)));
        KafkaBroker broker = new KafkaBroker(script, ports[0], ports[1], stateDir, shared, List.copyOf(scramArgs));
        try {
            broker.launch();
        } catch (RuntimeException e) {
            deleteRecursively(stateDir);
            throw e;
        }
        return broker;
    }

    /** The address clients bootstrap from, {@code localhost:<port>}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Whether the client port takes only SCRAM logins ({@link #startWithScram(Map)}). */
    public boolean usesScram() {
        return !scramArgs.isEmpty();
    }

    /**
     * Client settings that log in to this broker as {@code user}: bootstrap servers, then
     * {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} as a Sightline
     * service sets them under the {@code kafka.} prefix. Add the producer, consumer or admin settings.
     */
    public Map<String, Object> scramClientConfig(String user, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", SCRAM_MECHANISM);
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return config;
    }

    /** The broker's state folder: data, logs (logs/server.log), server.properties, pid file. */
    public Path stateDir() {
        return stateDir;
    }

    /**
     * Stops the broker and starts it again on the same ports and state folder: committed records,
     * topics and consumer group offsets survive, connections drop. Returns once it serves clients.
     */
    public void restart() {
        checkNotClosed();
        runOrFail("stop");
        launch();
    }

    /** Stops the broker and deletes its state folder. Does nothing the second time. */
    public void stop() {
        if (shared) {
            throw new IllegalStateException("the shared Kafka broker is stopped when the JVM exits;"
                    + " use KafkaBroker.start() for a broker of your own");
        }
        if (!closed) {
            stopAndDelete();
        }
    }

    /** Same as {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + stateDir + "]";
    }

    /** Runs {@code bin/kafka <command> --dir <stateDir>}; for tests of the script itself. */
    ScriptRun runScript(String command) {
        return run(List.of(command, "--dir", stateDir.toString()));
    }

    /** Whether {@code bin/kafka status} reports this broker running. */
    boolean isRunning() {
        return runScript("status").exitCode() == STATUS_RUNNING;
    }

    private void launch() {
        List<String> args = new ArrayList<>(List.of("start", "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort), "--dir", stateDir.toString()));
        args.addAll(scramArgs);
        ScriptRun run = run(args);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("bin/kafka start failed (exit " + run.exitCode() + "):\n" + run.output());
        }
    }

    private void stopAndDelete() {
        runOrFail("stop");
        deleteRecursively(stateDir);
        closed = true;
    }

    private void runOrFail(String command) {
        ScriptRun run = runScript(command);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("bin/kafka " + command + " failed (exit " + run.exitCode() + "):\n"
                    + run.output());
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException(this + " is stopped");
        }
    }

    /** Runs the script, echoing its output to stdout (it shows in the test report) and keeping it for errors. */
    private ScriptRun run(List<String> args) {
        List<String> command = new ArrayList<>();
        // Through bash, so a checkout that lost the executable bit still works.
        command.add("bash");
        command.add(script.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The broker runs on the Java that runs the tests: known to be new enough, whatever is on the PATH.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        StringBuilder output = new StringBuilder();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // The broker's own output goes to files in the state folder, so this stream ends when the
            // script exits, not when the broker does.
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.out.println("[bin/kafka] " + line);
                    output.append(line).append('\n');
                }
            }
            if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("bin/kafka " + args.get(0) + " did not finish:\n" + output);
            }
            return new ScriptRun(process.exitValue(), output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running bin/kafka", e);
        }
    }

    /** Exit code and combined output of one {@code bin/kafka} run. */
    record ScriptRun(int exitCode, String output) {
    }

    /**
     * {@code bin/kafka} under {@value #REPO_ROOT_PROPERTY} if set, else in the first folder upwards
     * from the working directory that has one (Maven runs tests in the module folder).
     */
    static Path findScript() {
        String configured = System.getProperty(REPO_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path script = Path.of(configured, "bin", "kafka");
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException(REPO_ROOT_PROPERTY + "=" + configured + " has no bin/kafka");
            }
            return script;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("bin").resolve("kafka");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("no bin/kafka in " + start + " or above; set -D" + REPO_ROOT_PROPERTY);
    }

    /**
     * Two distinct free ports: both sockets are open at the same time so they cannot coincide.
     * Another process could take one between here and the broker binding it; bin/kafka then fails
     * with "already in use" rather than talking to a stranger.
     */
    private static int[] freePorts() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket first = new ServerSocket(0, 1, loopback);
             ServerSocket second = new ServerSocket(0, 1, loopback)) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports for Kafka", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Kafka state folder " + root, e);
        }
    }
}
