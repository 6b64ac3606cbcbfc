package io.sightline.trainer.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The console's way to the dataset-service: one configured base URL, short timeouts, and only its 2xx and 4xx
 * JSON answers handed back. Anything else (5xx, no connection, no answer in time, a body that is not JSON) is
 * {@link DatasetServiceUnavailableException}, which never carries what the other side said.
 */
public final class DatasetServiceClient {

    private static final Logger LOG = Logger.getLogger(DatasetServiceClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;

    private DatasetServiceClient(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * A client of the dataset-service at {@code baseUrl} (http or https, no query).
     *
     * @throws IllegalArgumentException when {@code baseUrl} is not such a URL, so that the service does not start
     */
    public static DatasetServiceClient to(String baseUrl) {
        return to(baseUrl, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    static DatasetServiceClient to(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sightline.console.dataset-service-url is not a URL: " + baseUrl, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "sightline.console.dataset-service-url must be an http(s) URL without query, got: " + baseUrl);
        }
        String base = uri.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new DatasetServiceClient(base, connectTimeout, requestTimeout);
    }

    /** The configured base URL, as the console names it in its answers. */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code POST <base><path>} with a JSON body. */
    public Answer post(String path, String json, String authorization) {
        return send(request(path, authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * {@code POST <base><pathAndQuery>} streaming {@code body} as it is read (never held whole), within
     * {@code timeout} for the whole exchange: an upload of gigabytes takes longer than a JSON call.
     *
     * @param length the body's length when known, else -1 (sent chunked)
     */
    public Answer upload(String pathAndQuery, String contentType, InputStream body, long length,
                         String authorization, Duration timeout) {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        if (length >= 0) {
            publisher = HttpRequest.BodyPublishers.fromPublisher(publisher, length);
        }
        return send(request(pathAndQuery, authorization).timeout(timeout).header("Content-Type", contentType)
                .POST(publisher).build(), timeout);
    }

    /** {@code GET <base><path>}. */
    public Answer get(String path, String authorization) {
        return send(request(path, authorization).GET().build());
    }

    /** {@code DELETE <base><path>}. */
    public Answer delete(String path, String authorization) {
        return send(request(path, authorization).DELETE().build());
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout).header("Accept", "application/json");
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Answer send(HttpRequest request) {
        return send(request, requestTimeout);
    }

    private Answer send(HttpRequest request, Duration timeout) {
        // the whole exchange, body included, within the timeout (the client's own covers the headers)
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(request, "interrupted");
        } catch (ExecutionException e) {
            throw unavailable(request, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw unavailable(request, "no answer within " + timeout.toMillis() + " ms");
        }
        int status = response.statusCode();
        if (status < 200 || status >= 500 || (status >= 300 && status < 400)) {
            throw unavailable(request, "status " + status);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !(body.isObject() || body.isArray())) {
            throw unavailable(request, "status " + status + " without a JSON body");
        }
        return new Answer(status, body);
    }

    private DatasetServiceUnavailableException unavailable(HttpRequest request, String why) {
        LOG.warnf("the dataset-service did not answer %s %s usably: %s", request.method(), request.uri(), why);
        return new DatasetServiceUnavailableException(baseUrl);
    }

    /**
     * A 2xx or 4xx answer of the dataset-service.
     *
     * @param status its status code
     * @param body   its JSON body, an object or an array
     */
    public record Answer(int status, JsonNode body) {

        /** A text field of the body, {@code null} when absent or not text. */
        public String text(String field) {
            JsonNode value = body.get(field);
            return value != null && value.isTextual() ? value.asText() : null;
        }
    }
}
