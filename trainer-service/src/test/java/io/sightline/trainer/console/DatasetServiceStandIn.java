package io.sightline.trainer.console;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny real HTTP server in place of the dataset-service: it answers every request with the status and body
 * it was told to, and records what it received.
 */
public final class DatasetServiceStandIn implements AutoCloseable {

    /** What the stand-in received. */
    public record Received(String method, String path, String body, String authorization, String contentType,
                           String query) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile String contentType = "application/json";
    private volatile long delayMillis;

    private DatasetServiceStandIn(HttpServer server) {
        this.server = server;
    }

    /** A stand-in on {@code port} of localhost; 0 for any free port. */
    public static DatasetServiceStandIn start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        DatasetServiceStandIn standIn = new DatasetServiceStandIn(server);
        server.createContext("/", exchange -> {
            try (exchange) {
                standIn.received.add(new Received(exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestURI().getQuery()));
                if (standIn.delayMillis > 0) {
                    Thread.sleep(standIn.delayMillis);
                }
                byte[] bytes = standIn.body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", standIn.contentType);
                exchange.sendResponseHeaders(standIn.status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return standIn;
    }

    /** Every later request gets this answer. */
    public DatasetServiceStandIn answer(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** As {@link #answer}, with another content type. */
    public DatasetServiceStandIn answer(int status, String body, String contentType) {
        this.contentType = contentType;
        return answer(status, body);
    }

    /** Answers only after this long. */
    public DatasetServiceStandIn delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
