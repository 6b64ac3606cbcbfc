package io.sightline.trainer.jobs.backbone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free local port serving what a user's backbone URL might: a file, an error status, a
 * server that stops sending halfway, one that sends without end. Clients reach it through a front port that counts
 * every TCP connection before passing its bytes on, so a test can prove that a refused URL was never contacted —
 * not even connected to without a request.
 */
final class BackboneServer implements AutoCloseable {

    private final HttpServer server;
    private final ServerSocket front;
    private final AtomicInteger connections = new AtomicInteger();
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    /** A server on 127.0.0.1. */
    BackboneServer() throws IOException {
        this(InetAddress.getLoopbackAddress());
    }

    /** A server on another loopback address (127.0.0.2, …), to stand for a second host. */
    BackboneServer(InetAddress address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers); // a stalled answer must not hold up the others
        server.start();
        front = new ServerSocket(0, 50, address);
        handlers.execute(this::acceptAndCount);
    }

    /** The URL of a path on this server, by its address. */
    String url(String path) {
        return "http://" + front.getInetAddress().getHostAddress() + ":" + front.getLocalPort() + path;
    }

    /** The URL of a path on this server, by a host name that resolves to its address. */
    String url(String host, String path) {
        return "http://" + host + ":" + front.getLocalPort() + path;
    }

    /** The {@code host:port} entry an allowed-host list needs for this server. */
    String hostEntry() {
        return front.getInetAddress().getHostAddress() + ":" + front.getLocalPort();
    }

    int port() {
        return front.getLocalPort();
    }

    /** TCP connections made to this server so far. */
    int connections() {
        return connections.get();
    }

    /** Serves {@code body} with a Content-Length. */
    BackboneServer file(String path, byte[] body, String contentType) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            write(exchange, body);
        });
        return this;
    }

    /** Answers {@code status} with no body. */
    BackboneServer status(String path, int status) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        return this;
    }

    /** Answers {@code status} with a text body and a reason in a header, as a server leaking its internals would. */
    BackboneServer status(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Debug", body);
            exchange.sendResponseHeaders(status, bytes.length);
            write(exchange, bytes);
        });
        return this;
    }

    /** Redirects to another URL. */
    BackboneServer redirect(String path, String location) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        return this;
    }

    /** Sends {@code first} bytes of a longer file, then nothing (until the server closes). */
    BackboneServer stall(String path, int first) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, first * 10L);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[first]);
                out.flush();
                Thread.sleep(60_000);
            } catch (InterruptedException | IOException e) {
                // closed by the test, or the client gave up
            }
        });
        return this;
    }

    /** Sends zeros without a Content-Length (chunked) until {@code limit} bytes or the client leaves. */
    BackboneServer endless(String path, long limit) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[16 * 1024];
                for (long sent = 0; sent < limit; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client stopped reading
            }
        });
        return this;
    }

    /** Declares a Content-Length of {@code length} bytes and sends none of them. */
    BackboneServer declaring(String path, long length) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, length);
            exchange.close();
        });
        return this;
    }

    private void acceptAndCount() {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                connections.incrementAndGet();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
                handlers.execute(() -> pipe(client, backend));
                handlers.execute(() -> pipe(backend, client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side left
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void write(HttpExchange exchange, byte[] body) {
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client left early
        }
    }

    @Override
    public void close() {
        closeQuietly(front);
        server.stop(0);
        handlers.shutdownNow();
    }
}
