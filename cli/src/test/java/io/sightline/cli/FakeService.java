package io.sightline.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One service faked with the JDK's HTTP server: scripted answers per {@code "METHOD /path?query"}, the last one
 * repeated, and every request recorded.
 */
final class FakeService implements AutoCloseable {

    record Answer(int status, String body, Map<String, String> headers) {
    }

    record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code "GET /path"} with these, in turn; the last one again and again. */
    FakeService on(String request, int status, String... bodies) {
        Deque<Answer> queue = answers.computeIfAbsent(request, k -> new ArrayDeque<>());
        for (String body : bodies) {
            queue.add(new Answer(status, body, Map.of()));
        }
        return this;
    }

    FakeService on(String request, Answer answer) {
        answers.computeIfAbsent(request, k -> new ArrayDeque<>()).add(answer);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        requests.add(new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        String key = exchange.getRequestMethod() + " " + uri.getRawPath();
        Deque<Answer> queue = answers.get(uri.getRawQuery() == null ? key : key + "?" + uri.getRawQuery());
        if (queue == null) {
            queue = answers.get(key);
        }
        Answer answer;
        synchronized (this) {
            answer = queue == null ? new Answer(404, "{\"error\":\"no route " + key + "\"}", Map.of())
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
