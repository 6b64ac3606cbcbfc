package io.sightline.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The store's garbage collection: mark, then sweep the blob area ({@code docs/decisions/090-store-collection.md}).
 *
 * <p>Live blobs are those named by the entries of every {@code datasets/<d>/<v>/manifest.json} whose version folder
 * holds no {@value StoreKeys#TOMBSTONE}. Nothing else references blobs today: model versions and checkpoints are
 * published folders holding their own files, so they are not marked from. A new kind of document that names blobs
 * must be marked from here, or its blobs are collected.
 *
 * <p>Safe against writers: the collection takes {@link StoreKeys#GC_LOCK}, then looks for live
 * {@link WriterHold}s; when there is one it releases the lock and answers {@linkplain CollectionResult#deferred()
 * deferred}, saying who writes. Blobs written within {@code grace} of the start are never swept either.
 */
public final class StoreCollector {

    /** How long the lock counts without being refreshed: the longest a crashed collector holds writers back. */
    public static final Duration LOCK_TTL = Duration.ofMinutes(5);
    /**
     * How long a file store's collection keeps its lock after deleting, so writers wait it out: another host's NFS
     * client may serve a cached listing of {@code blobs/packs/} for up to a minute (acdirmax), and a writer that
     * still saw a deleted pack would take a dead blob for stored and not write it again.
     */
    static final Duration FILE_STORE_SETTLE = Duration.ofSeconds(90);
    private static final Logger LOG = Logger.getLogger(StoreCollector.class);

    private StoreCollector() {
    }

    /**
     * Collects the store once: takes the lock, marks, sweeps what was written before {@code now - grace}, releases
     * the lock.
     *
     * @param grace       blobs younger than this stay whatever references them (a writer outside the protocol,
     *                    clocks that disagree)
     * @param repackBelow a pack whose live share of bytes is below this (0..1) is rewritten with only its live
     *                    blobs; 0 never repacks (a pack with nothing live is deleted either way)
     * @throws IOException when the store cannot be read: then nothing more is deleted (a manifest that cannot be read
     *                     stops the collection before any sweep)
     */
    public static CollectionResult collect(ArtifactStore store, Clock clock, Duration grace, double repackBelow)
            throws IOException {
        return collect(store, clock, grace, repackBelow, store instanceof FileArtifactStore ? FILE_STORE_SETTLE
                : Duration.ZERO);
    }

    /** {@link #collect(ArtifactStore, Clock, Duration, double)} keeping the lock {@code settle} after deleting. */
    static CollectionResult collect(ArtifactStore store, Clock clock, Duration grace, double repackBelow,
                                    Duration settle) throws IOException {
        if (grace.isNegative() || repackBelow < 0 || repackBelow > 1) {
            throw new IllegalArgumentException("grace must be >= 0 and repackBelow within 0..1, got " + grace + ", "
                    + repackBelow);
        }
        long started = System.nanoTime();
        Instant now = clock.instant();
        CollectorLock.Attempt attempt = CollectorLock.take(store, "collection on " + processName(), clock, LOCK_TTL);
        if (attempt.lock() == null) {
            return CollectionResult.deferred(attempt.refusal(), millisSince(started));
        }
        CollectorLock lock = attempt.lock();
        boolean deleted = false;
        try {
            String writing = liveHolds(store, clock);
            if (writing != null) {
                return CollectionResult.deferred(writing, millisSince(started));
            }
            Set<String> live = liveDigests(store);
            lock.checkHeld();
            Predicate<String> stillLive = digest -> {
                try {
                    lock.checkHeld();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return live.contains(digest);
            };
            BlobSweepResult swept;
            try {
                deleted = true; // from here on, files may be gone
                swept = store.sweepBlobs(stillLive, now.minus(grace), repackBelow);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            deleted = swept.looseBlobsDeleted() + swept.packsRepacked() + swept.packsDeleted() > 0;
            CollectionResult result = new CollectionResult(swept.looseBlobsDeleted(), swept.packsRepacked(),
                    swept.packsDeleted(), swept.bytesReclaimed(), live.size(), millisSince(started), null);
            LOG.infof("store collection: %s", result);
            return result;
        } finally {
            if (deleted) {
                lock.releaseAfter(settle);
            } else {
                lock.close();
            }
        }
    }

    /**
     * Who holds the collection off, e.g. {@code import cats@4 is writing}; null when nobody. Expired holds are
     * removed; an unreadable one counts as live (its name is in the answer, for an operator to delete).
     */
    static String liveHolds(ArtifactStore store, Clock clock) throws IOException {
        List<String> writers = new ArrayList<>();
        for (String name : store.list(StoreKeys.GC_HOLDS)) {
            if (!name.endsWith(".json")) {
                continue;
            }
            String key = StoreKeys.GC_HOLDS + "/" + name;
            Optional<GcLease> hold;
            try {
                hold = GcLease.read(store, key);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                writers.add("the unreadable hold " + key);
                continue;
            }
            if (hold.isEmpty()) {
                continue; // released meanwhile
            }
            if (hold.get().expired(clock.instant())) {
                store.delete(key); // its writer died
            } else {
                writers.add(hold.get().describe());
            }
        }
        if (writers.isEmpty()) {
            return null;
        }
        return String.join(", ", writers) + (writers.size() == 1 ? " is writing" : " are writing");
    }

    /** Every blob digest a live dataset manifest names; see the class comment. */
    static Set<String> liveDigests(ArtifactStore store) throws IOException {
        Set<String> live = new HashSet<>();
        for (String dataset : store.list(StoreKeys.DATASETS)) {
            if (!StoreKeys.isValidName(dataset)) {
                continue;
            }
            for (String version : store.list(StoreKeys.datasetVersions(dataset))) {
                if (!StoreKeys.isValidName(version)) {
                    continue;
                }
                List<String> files = store.list(StoreKeys.datasetVersion(dataset, version));
                if (!files.contains(StoreKeys.MANIFEST) || files.contains(StoreKeys.TOMBSTONE)) {
                    continue;
                }
                DatasetManifest manifest = StoreJson.read(store.read(StoreKeys.manifest(dataset, version)),
                        DatasetManifest.class);
                for (DatasetManifest.Entry entry : manifest.entries()) {
                    live.add(entry.sha256());
                    if (entry.original() != null) {
                        live.add(entry.original());
                    }
                }
            }
        }
        return live;
    }

    private static String processName() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
