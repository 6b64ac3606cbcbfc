package io.sightline.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/** The JSON form of everything Sightline keeps in the store: readable, ISO timestamps, tolerant of new fields. */
public final class StoreJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private StoreJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) throws IOException {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * {@link #write} without indentation, for the store's big documents (a manifest of 70,000 images is 25 MB
     * indented, 40 % of it spaces, written at every import and read by every training job), streamed into {@code file}
     * (created or replaced); returns the SHA-256 of what was written. Never one 20 MB array (on a small heap, arrays that
     * size start the collector's concurrent cycles), nor read again to be hashed.
     */
    public static String writeCompact(Object value, Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                1 << 16), digest)) {
            MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValue(out, value);
        }
        return Sha256.hex(digest.digest());
    }

    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }
}
