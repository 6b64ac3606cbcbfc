package io.sightline.trainer.jobs.backbone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a free local port serving what a user's backbone URL might: a file, an error status, a
 * server that stops sending halfway, one that sends without end.
 */
final class BackboneServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    BackboneServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers); // a stalled answer must not hold up the others
        server.start();
    }

    /** The URL of a path on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
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

    private static void write(HttpExchange exchange, byte[] body) {
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client left early (a status check reads no body)
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
