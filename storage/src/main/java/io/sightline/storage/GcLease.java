package io.sightline.storage;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON of a writer's hold ({@code gc/holds/<id>.json}) and of the collector's lock ({@code gc/lock.json}).
 * A process that holds one rewrites it with a later {@code expiresAt} while it runs; one that is not refreshed
 * belongs to a process that died, and is ignored and removed once expired.
 *
 * @param id        unique per holder
 * @param what      who holds it, for people: {@code import cats@4}, {@code collection on dataset-service-7f…}
 * @param startedAt when it was first taken
 * @param expiresAt when it stops counting unless refreshed
 */
record GcLease(String id, String what, Instant startedAt, Instant expiresAt) {

    boolean expired(Instant now) {
        return expiresAt == null || !expiresAt.isAfter(now);
    }

    GcLease refreshed(Instant expiresAt) {
        return new GcLease(id, what, startedAt, expiresAt);
    }

    byte[] json() throws IOException {
        return StoreJson.write(this);
    }

    /** The lease stored under {@code key}; empty when there is none. */
    static Optional<GcLease> read(ArtifactStore store, String key) throws IOException {
        byte[] json;
        try {
            json = store.read(key);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(StoreJson.read(json, GcLease.class));
    }

    /** {@code what} for messages, never null. */
    String describe() {
        return what == null || what.isBlank() ? id : what;
    }
}
