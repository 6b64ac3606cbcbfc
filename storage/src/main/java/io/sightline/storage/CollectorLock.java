package io.sightline.storage;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

/**
 * The garbage collector's lock {@code gc/lock.json} ({@link GcLease}), taken with
 * {@link ArtifactStore#createIfAbsent}, refreshed every ttl/3 while held. A lock whose process died expires and
 * is removed by the next collector. Writers back off while it is live ({@link WriterHold}).
 */
final class CollectorLock implements AutoCloseable {

    /** How often {@link #checkHeld()} reads the lock back: another collector may have taken an expired one. */
    private static final Duration RECHECK = Duration.ofSeconds(5);

    /** The lock, or why it could not be taken. */
    record Attempt(CollectorLock lock, String refusal) {
    }

    private final ArtifactStore store;
    private final Clock clock;
    private final Duration ttl;
    private volatile GcLease lease;
    private volatile String lost;
    private volatile Instant checkedAt;
    private boolean closed; // guarded by this
    private final ScheduledFuture<?> heartbeat;

    private CollectorLock(ArtifactStore store, GcLease lease, Clock clock, Duration ttl) {
        this.store = store;
        this.lease = lease;
        this.clock = clock;
        this.ttl = ttl;
        this.checkedAt = clock.instant();
        this.heartbeat = LeaseHeartbeat.every(ttl.dividedBy(3), StoreKeys.GC_LOCK, this::refresh);
    }

    /** Takes the lock unless another collector's live lock is there. */
    static Attempt take(ArtifactStore store, String what, Clock clock, Duration ttl) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            GcLease mine = new GcLease(UUID.randomUUID().toString(), what, now, now.plus(ttl));
            if (store.createIfAbsent(StoreKeys.GC_LOCK, mine.json())) {
                return new Attempt(new CollectorLock(store, mine, clock, ttl), null);
            }
            Optional<GcLease> other;
            try {
                other = GcLease.read(store, StoreKeys.GC_LOCK);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                return new Attempt(null, StoreKeys.GC_LOCK + " is unreadable (" + e.getOriginalMessage()
                        + "); delete it if no collection runs");
            }
            if (other.isPresent() && !other.get().expired(now)) {
                return new Attempt(null, "another collection is running (" + other.get().describe() + ", since "
                        + other.get().startedAt() + ")");
            }
            if (other.isPresent()) {
                store.delete(StoreKeys.GC_LOCK); // its collector died
            }
        }
        return new Attempt(null, "another collector took the lock at the same time");
    }

    /**
     * Fails when the lock is no longer this collector's: it expired (this process stalled longer than its ttl) or
     * another collector holds it. Reads the lock back at most every few seconds.
     */
    void checkHeld() throws IOException {
        Instant now = clock.instant();
        if (lost == null && lease.expired(now)) {
            lost = "the collection stalled past its lock's expiry";
        }
        if (lost == null && !now.isBefore(checkedAt.plus(RECHECK))) {
            checkedAt = now;
            Optional<GcLease> stored = GcLease.read(store, StoreKeys.GC_LOCK);
            if (stored.isEmpty() || !stored.get().id().equals(lease.id())) {
                lost = "the collector's lock was taken over";
            }
        }
        if (lost != null) {
            throw new IOException(lost + "; the collection stopped, the next one finishes it");
        }
    }

    private synchronized void refresh() throws IOException {
        if (closed || lost != null) {
            return;
        }
        Optional<GcLease> stored = GcLease.read(store, StoreKeys.GC_LOCK);
        if (stored.isEmpty() || !stored.get().id().equals(lease.id())) {
            lost = "the collector's lock was taken over";
            return;
        }
        GcLease refreshed = lease.refreshed(clock.instant().plus(ttl));
        store.write(StoreKeys.GC_LOCK, refreshed.json());
        lease = refreshed;
    }

    /**
     * Keeps the lock, refreshed, for {@code settle} more, then releases it, without waiting: writers stay out
     * until what other hosts cached of the deleted files has expired.
     */
    void releaseAfter(Duration settle) throws IOException {
        if (settle.isZero() || settle.isNegative()) {
            close();
        } else {
            LeaseHeartbeat.after(settle, "release " + StoreKeys.GC_LOCK, this::close);
        }
    }

    /** Releases the lock when it is still this collector's. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.cancel(false);
        Optional<GcLease> stored = GcLease.read(store, StoreKeys.GC_LOCK);
        if (stored.isPresent() && stored.get().id().equals(lease.id())) {
            store.delete(StoreKeys.GC_LOCK);
        }
    }
}
