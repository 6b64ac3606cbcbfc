package io.sightline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.e2e.LocalStack.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With no tracing configured (the run's {@link SharedStack} sets none) nothing is exported anywhere: no
 * connection to the default OTLP endpoint while the services do traced work, and no exporter complaint in
 * any service's log since the stack started. {@link TracingTest} covers tracing switched on.
 */
@Tag("stack")
@ExtendWith(SharedStack.class)
class TracesOffByDefaultTest {

    /** The default endpoint named in a log line; a listening port such as 43171 is not it. */
    private static final Pattern OTLP_DEFAULT_ENDPOINT = Pattern.compile(":4317(?!\\d)");

    @Test
    void withNoEndpointConfiguredNothingIsExported(RunningStack running) throws Exception {
        // the default endpoint is localhost:4317: listen there, and nothing may come
        ServerSocket otlpDefault;
        try {
            otlpDefault = new ServerSocket(4317, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            Assumptions.abort("port 4317 is taken on this machine: " + e);
            return;
        }
        AtomicInteger connections = new AtomicInteger();
        Thread listener = new Thread(() -> {
            while (!otlpDefault.isClosed()) {
                try (Socket ignored = otlpDefault.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "otlp-default-listener");
        listener.setDaemon(true);
        listener.start();
        try (otlpDefault) {
            SightlineClient client = running.client();
            Path data = new ShapesDataset(16, 5).write(running.imports().resolve("untraced"), 4);
            // requests, an import and its Kafka record: all would make spans if tracing were on
            client.createDataset("untraced", data.toString(), 0.25, 7).requireStatus(202);
            client.await(client.datasetUrl().resolve("/datasets/untraced/versions/1"),
                    SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(1));
            client.trainerResource("/models").requireStatus(200);
            client.predict("nothing", new ShapesDataset(16, 6).png("disc"), "image/png", 1);
            // none for longer than the default batch export delay (5 s)
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() -> connections.get() == 0);

            assertThat(connections.get()).as("connections to the default OTLP endpoint").isZero();
            for (Service service : Service.values()) {
                assertThat(Files.readString(running.logs().resolve(service.module() + ".log")))
                        .as(service.module() + " log")
                        .doesNotContainIgnoringCase("Failed to export")
                        .doesNotContainPattern(OTLP_DEFAULT_ENDPOINT);
            }
        }
    }
}
