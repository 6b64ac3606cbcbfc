package io.sightline.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.jboss.logging.Logger;

/**
 * A writer's announcement that it is putting blobs no manifest names yet (an import, from its first blob until its
 * manifest is published): while any hold is live the store's garbage collection does not run. Stored as
 * {@code gc/holds/<id>.json} ({@link GcLease}), refreshed every {@link #TTL}/3 while held, removed on
 * {@link #close()}; a hold whose process died expires after {@link #TTL} and no longer counts.
 *
 * <p>"Announce, then check" (decision 090): {@link #acquire} writes the hold first, then looks for the collector's
 * live lock; the collector takes its lock first, then looks for holds. Whichever checks last sees the other, so a
 * collection and a writer never run at once. When the lock is live the writer takes its hold back, waits and tries
 * again, up to a bound, then fails with {@link StoreBusyException}.
 */
public final class WriterHold implements AutoCloseable {

    /** How long a hold counts without being refreshed: the longest a crashed writer can delay a collection. */
    public static final Duration TTL = Duration.ofMinutes(5);
    /** How long {@link #acquire(ArtifactStore, String)} waits for a running collection before giving up. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(WriterHold.class);

    private final ArtifactStore store;
    private final String key;
    private final Clock clock;
    private final Duration ttl;
    private volatile GcLease lease;
    private boolean closed; // guarded by this: a refresh after close would leave a hold behind
    private final ScheduledFuture<?> heartbeat;

    private WriterHold(ArtifactStore store, GcLease lease, Clock clock, Duration ttl) {
        this.store = store;
        this.key = StoreKeys.gcHold(lease.id());
        this.clock = clock;
        this.ttl = ttl;
        this.lease = lease;
        this.heartbeat = LeaseHeartbeat.every(ttl.dividedBy(3), key, this::refresh);
    }

    /** {@link #acquire(ArtifactStore, String, Duration)} waiting up to {@link #DEFAULT_MAX_WAIT}. */
    public static WriterHold acquire(ArtifactStore store, String what) throws IOException {
        return acquire(store, what, DEFAULT_MAX_WAIT);
    }

    /**
     * Holds off the store's garbage collection until {@link #close()}, waiting up to {@code maxWait} for a running
     * one to finish.
     *
     * @param what who writes, for the collector's answer and people: {@code import cats@4}
     * @throws StoreBusyException when a collection still holds its lock after {@code maxWait}
     */
    public static WriterHold acquire(ArtifactStore store, String what, Duration maxWait) throws IOException {
        return acquire(store, what, Clock.systemUTC(), maxWait, TTL, POLL);
    }

    static WriterHold acquire(ArtifactStore store, String what, Clock clock, Duration maxWait, Duration ttl,
                              Duration poll) throws IOException {
        String id = UUID.randomUUID().toString();
        String key = StoreKeys.gcHold(id);
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Instant now = clock.instant();
            GcLease lease = new GcLease(id, what, now, now.plus(ttl));
            if (!store.createIfAbsent(key, lease.json())) {
                throw new IOException("a writer's hold " + key + " exists already");
            }
            Optional<GcLease> lock = liveLock(store, clock);
            if (lock.isEmpty()) {
                if (store instanceof FileArtifactStore files) {
                    files.forgetRemovedPacks(); // what a collection removed is not "stored" any more
                }
                return new WriterHold(store, lease, clock, ttl);
            }
            store.delete(key); // the collection runs: let it finish rather than defer it
            if (System.nanoTime() - deadline >= 0) {
                throw new StoreBusyException(what + " waited " + maxWait + " for the store's garbage collection ("
                        + lock.get().describe() + ", since " + lock.get().startedAt() + ") and gave up; try again"
                        + " when it has finished");
            }
            try {
                Thread.sleep(Math.max(1, poll.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(what + " was interrupted waiting for the garbage collection");
            }
        }
    }

    /** The collector's lock when it is live; an unreadable lock counts as live (never write into a collection). */
    private static Optional<GcLease> liveLock(ArtifactStore store, Clock clock) throws IOException {
        Optional<GcLease> lock;
        try {
            lock = GcLease.read(store, StoreKeys.GC_LOCK);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return Optional.of(new GcLease("?", "an unreadable " + StoreKeys.GC_LOCK, null, null));
        }
        return lock.filter(l -> !l.expired(clock.instant()));
    }

    private synchronized void refresh() throws IOException {
        if (closed) {
            return;
        }
        if (!store.exists(key)) {
            LOG.warnf("the hold of %s expired and was removed (the process stalled longer than %s); holding again",
                    lease.describe(), ttl);
        }
        GcLease refreshed = lease.refreshed(clock.instant().plus(ttl));
        store.write(key, refreshed.json());
        lease = refreshed;
    }

    /** The hold's id: its file is {@code gc/holds/<id>.json}. */
    public String id() {
        return lease.id();
    }

    /** Who holds it. */
    public String what() {
        return lease.what();
    }

    /** Ends the hold: the collection may run again (once no other hold is live). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.cancel(false);
        store.delete(key);
    }
}
