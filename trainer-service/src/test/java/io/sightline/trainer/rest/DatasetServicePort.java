package io.sightline.trainer.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points the console at a free local port where a test may run a stand-in dataset-service. The app reads its
 * configuration once, at start; the test learns the port from the system property {@link #PORT_PROPERTY}.
 */
public class DatasetServicePort implements QuarkusTestResourceLifecycleManager {

    static final String PORT_PROPERTY = "sightline.test.dataset-service-port";

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        return Map.of("sightline.console.dataset-service-url", "http://localhost:" + port);
    }

    @Override
    public void stop() {
        System.clearProperty(PORT_PROPERTY);
    }
}
