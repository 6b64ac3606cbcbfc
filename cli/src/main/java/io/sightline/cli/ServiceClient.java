package io.sightline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One service's REST API as the command uses it: requests with the bearer token, JSON answers, and every way a
 * request can fail turned into a {@link CliException} that says which service, which URL, and what to do.
 */
final class ServiceClient {

    /** How long a plain request may take; uploads and predictions set their own. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, body text, headers. */
    record Reply(int status, String body, HttpHeaders headers) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The body as JSON; a missing node when it is empty or not JSON. */
        JsonNode json() {
            if (body == null || body.isBlank()) {
                return JSON.missingNode();
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return JSON.missingNode();
            }
        }

        /** What the server said went wrong: its {@code error} text, else the body, else nothing. */
        String errorText() {
            JsonNode error = json().path("error");
            if (error.isTextual() && !error.asText().isBlank()) {
                return error.asText();
            }
            String text = body == null ? "" : body.strip();
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }

    private final Service service;
    private final URI base;
    private final Optional<String> token;
    private final String tokenOrigin;
    private final HttpClient http;

    /**
     * @param tokenOrigin where the token came from ({@code flag --token}, {@code env …}, {@code file …}), for the
     *                    message of a refusal
     */
    ServiceClient(Service service, URI base, Optional<String> token, String tokenOrigin, HttpClient http) {
        this.service = service;
        this.base = base;
        this.token = token;
        this.tokenOrigin = tokenOrigin;
        this.http = http;
    }

    Service service() {
        return service;
    }

    URI base() {
        return base;
    }

    /** {@code base + path}; callers encode variable segments with {@link #segment}. */
    URI uri(String path) {
        return URI.create(base + path);
    }

    /** A path segment, percent-encoded. */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** {@code GET path}: the JSON of a 2xx answer, or the mapped failure. */
    JsonNode get(String path) {
        return require(send(request(path).GET()));
    }

    /** {@code POST path} with a JSON body: the JSON of a 2xx answer, or the mapped failure. */
    JsonNode postJson(String path, JsonNode body) {
        return require(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
    }

    /** {@code PUT path} with a JSON body: the JSON of a 2xx answer, or the mapped failure. */
    JsonNode putJson(String path, JsonNode body) {
        return require(send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))));
    }

    /**
     * {@code DELETE path}: the JSON of a 2xx answer (a missing node when it has no body), or the mapped failure with
     * what to do about it added.
     *
     * @param hint what to do about a refusal, by HTTP status; null for none
     */
    JsonNode delete(String path, IntFunction<String> hint) {
        Reply reply = send(request(path).DELETE());
        if (reply.ok()) {
            return reply.json();
        }
        CliException failure = failure(reply);
        String advice = hint.apply(reply.status());
        throw advice == null ? failure : failure.withHint(advice);
    }

    /** A request to {@code path} with the token and the default timeout; callers may override both. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    /** Sends; any answer is returned, a failure to get one is a {@link ExitCodes#UNREACHABLE} error. */
    Reply send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while waiting for the " + service.module());
        } catch (IOException | UnresolvedAddressException e) {
            throw unreachable(e);
        }
    }

    /** The JSON of a 2xx answer, or the exception its status means. */
    JsonNode require(Reply reply) {
        if (reply.ok()) {
            return reply.json();
        }
        throw failure(reply);
    }

    /** The exception an error answer means: 404 → not found, 400/413/415 → usage, the rest → failed. */
    CliException failure(Reply reply) {
        String text = reply.errorText();
        String what = service.module() + ": " + (text.isEmpty() ? "answered HTTP " + reply.status()
                : text + " (HTTP " + reply.status() + ")");
        return switch (reply.status()) {
            case 404 -> new CliException(ExitCodes.NOT_FOUND, what);
            case 400, 413, 415 -> new CliException(ExitCodes.USAGE, what);
            case 401, 403 -> new CliException(ExitCodes.FAILED, what + "\n  " + whyRefused(reply.status()));
            case 503, 429 -> new CliException(ExitCodes.FAILED, what + reply.headers().firstValue("Retry-After")
                    .map(s -> "\n  The service asks to retry in " + s + " s.").orElse(""));
            default -> new CliException(ExitCodes.FAILED, what);
        };
    }

    /** Why a 401 or 403 happened, from what the CLI sent, and which setting supplies a token. */
    String whyRefused(int status) {
        String supply = "--token, " + CliConfig.TOKEN_VARIABLE + " or " + CliConfig.TOKEN_PROPERTY
                + " in the configuration file";
        if (token.isEmpty()) {
            return status == 401
                    ? "No token was sent and the " + service.module() + " wants one: give it with " + supply + "."
                    : "No token was sent, and the " + service.module() + " has no token configured that could allow"
                            + " this call (its operator sets sightline.auth.token or sightline.auth.tokens).";
        }
        return status == 401
                ? "The token (from " + tokenOrigin + ") was not accepted: unknown, expired, or issued for another"
                        + " service. Check it, or give another with " + supply + "."
                : "The token (from " + tokenOrigin + ") is valid but lacks the role this call needs (read, predict,"
                        + " write or admin: the message above names it). Use a token that holds it.";
    }

    private CliException unreachable(Exception e) {
        String why;
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused";
        } else if (e instanceof HttpConnectTimeoutException) {
            why = "no connection within " + Api.CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within the time allowed";
        } else if (e instanceof UnresolvedAddressException || e.getCause() instanceof UnresolvedAddressException) {
            why = "unknown host " + base.getHost();
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CliException(ExitCodes.UNREACHABLE, "cannot reach the " + service.module() + " at " + base + ": "
                + why + ".\n"
                + "  Is it running? From a checkout: bin/kafka start, then " + service.startCommand() + "\n"
                + "  Somewhere else? Point the CLI at it with " + service.flag() + ", " + service.variable()
                + " or " + service.property() + " in ~/.sightline/cli.properties.");
    }
}
