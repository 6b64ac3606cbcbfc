package io.sightline.e2e;

import io.sightline.e2e.LocalStack.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one running stack (real broker, the three packaged services as processes, one store) that the
 * end-to-end and fault-injection tests of a test run share: a start costs ~30 s on 2 cores, more than most
 * tests. A test method gets it as a {@link RunningStack} parameter under {@code @ExtendWith(SharedStack.class)};
 * it starts on first use and is closed when the whole run ends. Sharing tests give their datasets and models
 * names of their own and write their images under {@link RunningStack#imports()}.
 *
 * <p>A test that kills or stops a part brings it back before it ends; should one fail half-way, the next
 * class that asks for the stack restarts any service found dead. A test whose subject is configuration read
 * at start (the OTLP exporter of {@code TracingTest}) starts a {@link RunningStack} of its own.
 *
 * <p>State lives under {@code e2e/target/shared-stack-<time>/} (store, imports, one log per service), kept
 * after the run for reading.
 */
public final class SharedStack implements ParameterResolver {

    /*
     * Datasets with a retrain binding, and the model each binding trains. WholeLoopTest's: 8 epochs at 32 px.
     * The fault tests': one epoch at 16 px; a split of POISON_DATASET is the valid event behind the poison,
     * one of OUTAGE_DATASET is made while the broker is away.
     */
    public static final String WHOLE_LOOP_DATASET = "whole-loop";
    public static final String WHOLE_LOOP_MODEL = "shapes-cnn";
    public static final String POISON_DATASET = "poison-check";
    public static final String POISON_MODEL = "poison-check-cnn";
    public static final String OUTAGE_DATASET = "outage-split";
    public static final String OUTAGE_MODEL = "outage-retrain";

    /** How long a service of the stack may take to report ready, at the start or after a restart. */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    /**
     * The run's stack, started on first call; any service found dead is restarted first.
     *
     * @param context any context of the run: the stack lives in its root
     */
    public static RunningStack running(ExtensionContext context) throws IOException, InterruptedException {
        RunningStack running = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Started.class, key -> Started.start(), Started.class).running;
        for (Service service : Service.values()) {
            if (!running.stack().process(service).isAlive()) {
                running.stack().restart(service, START_TIMEOUT);
            }
        }
        return running;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return running(context);
        } catch (IOException e) {
            throw new ParameterResolutionException("cannot bring the shared stack back", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("interrupted while bringing the shared stack back", e);
        }
    }

    /** The started stack in the root store; JUnit closes it when the root context closes (end of the run). */
    private record Started(RunningStack running) implements AutoCloseable {

        static Started start() {
            try {
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                Path work = Files.createDirectories(Path.of("target", "shared-stack-" + stamp).toAbsolutePath());
                return new Started(RunningStack.start(work, properties()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the shared stack", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the shared stack", e);
            }
        }

        private static Map<String, String> properties() {
            Map<String, String> p = new HashMap<>();
            // A SIGKILLed worker's partition moves to another member only when its session expires: Kafka's
            // default 45 s would dominate the kill test. 6 s is the broker's minimum (group.min.session.timeout.ms).
            p.put("trainer-service:mp.messaging.incoming.training-requests.session.timeout.ms", "6000");
            p.put("trainer-service:mp.messaging.incoming.training-requests.heartbeat.interval.ms", "1000");
            // Likewise the killed worker's job lease (decision 027): the restarted worker waits for it to expire.
            p.put("trainer-service:sightline.trainer.lease-ttl", "6s");
            // a split's retrain starts at once rather than after the default 30 s
            p.put("trainer-service:sightline.trainer.retrain-debounce", "0s");
            // The fault tests promote versions back and forth like an operator rolling back. This stack runs open
            // (no identity, on loopback), where no one holds admin, so a version the gate refuses could never be
            // promoted: its gate takes any version (one-epoch models of a few pictures differ by noise).
            p.put("trainer-service:sightline.trainer.promotion.tolerance", "1.0");
            // the outbox's relay looks every 2 s (default 15 s), so that a lost send is repaired within a test's patience
            for (String service : List.of("dataset-service", "trainer-service")) {
                p.put(service + ":sightline.outbox.relay-every", "2s");
                p.put(service + ":sightline.outbox.settle", "3s");
                p.put(service + ":sightline.outbox.retry-every", "5s");
            }
            binding(p, WHOLE_LOOP_DATASET, WHOLE_LOOP_MODEL, Map.of("epochs", "8", "image-size", "32"));
            Map<String, String> small = Map.of("epochs", "1", "image-size", "16", "batch-size", "16");
            binding(p, POISON_DATASET, POISON_MODEL, small);
            binding(p, OUTAGE_DATASET, OUTAGE_MODEL, small);
            return p;
        }

        private static void binding(Map<String, String> p, String dataset, String model, Map<String, String> recipe) {
            String prefix = "trainer-service:sightline.trainer.retrain." + dataset + ".";
            p.put(prefix + "model", model);
            recipe.forEach((key, value) -> p.put(prefix + key, value));
        }

        @Override
        public void close() {
            running.close();
        }
    }
}
