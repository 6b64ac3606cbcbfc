package io.sightline.kit.outbox;

import io.sightline.storage.Sha256;
import java.util.Objects;

/**
 * The store change an event announces, as the relay can check it: the document under {@link #key} exists and,
 * when {@link #sha256} is given, holds exactly those bytes. An intent is written before its change commits; a
 * writer that dies in between leaves an intent whose guard never holds, and the relay never sends it.
 */
public record OutboxGuard(String key, String sha256) {

    public OutboxGuard {
        Objects.requireNonNull(key, "key");
    }

    /** The change is done once {@code key} exists. */
    public static OutboxGuard exists(String key) {
        return new OutboxGuard(key, null);
    }

    /** The change is done once {@code key} holds {@code content} (a later overwrite voids the event). */
    public static OutboxGuard holding(String key, byte[] content) {
        return new OutboxGuard(key, Sha256.of(content));
    }
}
