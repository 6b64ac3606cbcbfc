package io.sightline.e2e;

import io.sightline.e2e.LocalStack.Service;
import io.sightline.testing.kafka.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * What the end-to-end tests run against: a real Kafka broker of their own and the three packaged
 * services as processes on free ports, sharing a store under the test's folder. Images to import go
 * under {@link #imports()}, the dataset-service's only import root. Most tests share one through
 * {@link SharedStack}. Public for the fault-injection tests in {@code io.sightline.e2e.fault}.
 */
public final class RunningStack implements AutoCloseable {

    private static final String GRPC_PORT = "inference-service:quarkus.grpc.server.port";

    private final KafkaBroker broker;
    private final LocalStack stack;
    private final Path work;
    private final int inferenceGrpcPort;

    private RunningStack(KafkaBroker broker, LocalStack stack, Path work, int inferenceGrpcPort) {
        this.broker = broker;
        this.stack = stack;
        this.work = work;
        this.inferenceGrpcPort = inferenceGrpcPort;
    }

    /**
     * Starts everything.
     *
     * @param work       the test's folder: {@code import/}, {@code store/} and {@code logs/} go there
     * @param properties extra system properties, as {@link LocalStack#start} takes them
     */
    public static RunningStack start(Path work, Map<String, String> properties) throws IOException, InterruptedException {
        Files.createDirectories(work.resolve("import"));
        KafkaBroker broker = KafkaBroker.start();
        try {
            Map<String, String> all = new HashMap<>();
            all.put("kafka.bootstrap.servers", broker.bootstrapServers());
            all.put("sightline.store.uri", work.resolve("store").toUri().toString());
            all.put("ai.djl.pytorch.num_threads", "1");
            all.put("dataset-service:sightline.dataset.import-roots", work.resolve("import").toString());
            // no import warm-up (decision 113) in test stacks: CPU on a shared 2-core runner; ImportWarmUpTest runs it
            all.put("dataset-service:sightline.dataset.warm-up.files", "0");
            // the Open Inference Protocol's gRPC port: a free one, as for HTTP, so that stacks never collide on 8001
            all.put(GRPC_PORT, Integer.toString(freePort()));
            all.putAll(properties);
            LocalStack stack = LocalStack.start(RepoRoot.find(), freePorts(), all, work.resolve("logs"),
                    SharedStack.START_TIMEOUT);
            return new RunningStack(broker, stack, work, Integer.parseInt(all.get(GRPC_PORT)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public KafkaBroker broker() {
        return broker;
    }

    public LocalStack stack() {
        return stack;
    }

    /** The inference-service's gRPC port (the Open Inference Protocol's {@code inference.GRPCInferenceService}). */
    public int inferenceGrpcPort() {
        return inferenceGrpcPort;
    }

    public Path imports() {
        return work.resolve("import");
    }

    public Path store() {
        return work.resolve("store");
    }

    /** Where each service writes {@code <module>.log}. */
    public Path logs() {
        return work.resolve("logs");
    }

    public SightlineClient client() {
        return new SightlineClient(stack.url(Service.DATASET), stack.url(Service.TRAINER), stack.url(Service.INFERENCE));
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            broker.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<Service, Integer> freePorts() throws IOException {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.put(service, socket.getLocalPort());
            }
        }
        return ports;
    }
}
