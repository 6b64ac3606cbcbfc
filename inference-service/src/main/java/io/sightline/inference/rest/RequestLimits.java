package io.sightline.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.config.InferenceConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Request checks shared by the resources: body size, the {@code topK} parameter, multipart parts. */
@Singleton
public class RequestLimits {

    private final InferenceConfig config;
    private final ObjectMapper json;

    public RequestLimits(InferenceConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public long maxRequestBytes() {
        return config.maxRequestBytes();
    }

    /** Whether a declared {@code Content-Length} is already too much. */
    boolean tooLarge(long contentLength) {
        return contentLength > config.maxRequestBytes();
    }

    /**
     * Reads a streamed body, stopping one byte past the limit: a body without {@code Content-Length}
     * (chunked) costs at most the limit in memory before it is refused.
     */
    byte[] read(InputStream body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        return body(body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxRequestBytes() + 1)));
    }

    /** A JSON body read within the limit, as {@code type}; malformed JSON is invalid input. */
    <T> T json(InputStream body, Class<T> type) throws IOException, InvalidInputException {
        byte[] bytes = read(body);
        if (bytes.length == 0) {
            return null;
        }
        try {
            return json.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The body, if it is within the limit (a chunked body has no length to check up front). */
    byte[] body(byte[] body) {
        if (body != null && body.length > config.maxRequestBytes()) {
            throw new RequestTooLargeException(config.maxRequestBytes());
        }
        return body == null ? new byte[0] : body;
    }

    /** The content of a multipart {@code file} part, if present and within the limit. */
    byte[] part(FileUpload file) throws IOException, InvalidInputException {
        if (file == null) {
            throw new InvalidInputException("a multipart request needs a part named 'file' holding the image");
        }
        if (file.size() > config.maxRequestBytes()) {
            throw new RequestTooLargeException(config.maxRequestBytes());
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return body(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxRequestBytes() + 1)));
        }
    }

    /** The {@code topK} query parameter: the configured default when absent, at least 1. */
    int topK(String raw) throws InvalidInputException {
        if (raw == null || raw.isBlank()) {
            return config.defaultTopK();
        }
        try {
            int topK = Integer.parseInt(raw.strip());
            if (topK < 1) {
                throw new InvalidInputException("topK must be at least 1, got " + topK);
            }
            return topK;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("topK must be a whole number, got '" + raw + "'");
        }
    }

    int retryAfterSeconds() {
        return config.retryAfterSeconds();
    }

    int busyRetryAfterSeconds() {
        return config.busyRetryAfterSeconds();
    }
}
