package io.sightline.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Removes what writers that died mid-write (SIGKILL, an OOM kill, a lost node) left in a file store's
 * {@code tmp/} — gigabytes after a big import — without ever touching staging a live writer still uses, in this
 * process or in another one sharing the store (dataset-, trainer- and inference-service on one ReadWriteMany
 * volume). See {@code docs/decisions/013-store-tmp-sweep.md}.
 *
 * <p>Safety is a contract between writers and sweepers, both halves here:
 * <ul>
 *   <li><b>Writers keep their staging fresh.</b> A modification time alone does not tell a live writer from a
 *   dead one: a full pack or a staged loose blob waits unmodified until its batch commits at the end of an import,
 *   a publication's folder waits while its writer works elsewhere, a streamed blob waits while its source stalls.
 *   So such staging is {@linkplain #hold held}, and one daemon thread per process touches everything held every
 *   {@link #HEARTBEAT}, however long the writer takes. Staging written from bytes already in memory and renamed
 *   at once ({@code write}, {@code createIfAbsent}, a pack's index) is modified all its short life.</li>
 *   <li><b>Sweepers remove only what nobody touched for a whole grace.</b> An entry of {@code tmp/} goes when its
 *   own modification time and, for a folder, that of everything inside it is older than the grace: at least
 *   {@link FileArtifactStore#MIN_TMP_GRACE} (six heartbeats, so a late heartbeat, a long GC pause or a slow
 *   volume is not taken for death), by default {@link FileArtifactStore#DEFAULT_TMP_GRACE}. A symbolic link
 *   counts by its own time, never its target's. Entries this process holds are skipped outright.</li>
 *   <li><b>Take whole, then delete.</b> A stale entry is first renamed to {@code swept-<uuid>}, then deleted.
 *   Only one rename of a name succeeds, so a writer that was stopped longer than the grace (SIGSTOP, a suspended
 *   VM) and resumes either commits its staging complete, or finds it gone and fails with
 *   {@link NoSuchFileException} — it never commits a half-deleted folder. Two sweepers racing for one entry have
 *   one winner too. A sweeper killed while deleting leaves a {@code swept-} entry, swept later like any other.</li>
 * </ul>
 *
 * <p>A store sweeps its {@code tmp/} in the background when it is opened, then every {@link #SWEEP_EVERY} while
 * the process runs: a service restarted after a kill finds its predecessor's staging still fresh, so only a later
 * sweep can remove it. Deleting never follows symbolic links: a link is removed as a link, its target untouched.
 */
final class TmpSweep {

    /** How often a process touches the staging it holds; sweepers wait at least six of these. */
    static final Duration HEARTBEAT = Duration.ofMinutes(10);
    /** How often each open store's {@code tmp/} is swept again after the sweep at opening. */
    static final Duration SWEEP_EVERY = Duration.ofHours(1);
    /** Prefix of an entry a sweeper has taken and is deleting. */
    static final String SWEPT = "swept-";

    private static final Logger LOG = Logger.getLogger(TmpSweep.class);
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    /** Every {@code tmp/} opened in this process, with the longest grace it was opened with. */
    private static final Map<Path, Duration> SWEPT_FOLDERS = new ConcurrentHashMap<>();
    // two threads: a sweep deleting gigabytes on a slow volume must not delay the heartbeat
    private static final ScheduledExecutorService HEARTBEATS = daemonThread("sightline-store-heartbeat");
    private static final ScheduledExecutorService SWEEPS = daemonThread("sightline-store-sweep");

    static {
        HEARTBEATS.scheduleWithFixedDelay(TmpSweep::touchHeld, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        SWEEPS.scheduleWithFixedDelay(() -> SWEPT_FOLDERS.forEach(TmpSweep::sweepAndLog), SWEEP_EVERY.toMillis(),
                SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What one sweep removed: entries of {@code tmp/}; the bytes of the files in them (a hard link to a blob, as a
     * tree's staging holds, counts though it frees nothing); entries it failed to remove.
     */
    record Result(int entries, long bytes, int failures) {
    }

    private TmpSweep() {
    }

    /** Marks staging as in use by this process until {@link #release}: the heartbeat keeps it fresh. */
    static Path hold(Path staging) {
        HELD.add(staging);
        return staging;
    }

    /** Ends {@link #hold}: the staging was renamed into place or deleted. */
    static void release(Path staging) {
        HELD.remove(staging);
    }

    /**
     * Sweeps {@code tmp} now in the background and every {@link #SWEEP_EVERY} from then on, with the longest
     * grace any store of this process opened it with. The future completes with the first sweep's result.
     */
    static CompletableFuture<Result> start(Path tmp, Duration grace) {
        SWEPT_FOLDERS.merge(tmp, grace, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        return CompletableFuture.supplyAsync(() -> sweepAndLog(tmp, SWEPT_FOLDERS.getOrDefault(tmp, grace)), SWEEPS);
    }

    /** The heartbeat: every staging entry held is modified now. */
    static void touchHeld() {
        FileTime now = FileTime.from(Instant.now());
        for (Path staging : HELD) {
            try {
                Files.setLastModifiedTime(staging, now);
            } catch (NoSuchFileException e) {
                // renamed into place a moment ago (released next), or taken by a sweeper (its writer will fail)
            } catch (IOException | RuntimeException e) {
                LOG.warnf("cannot keep staging %s fresh: %s", staging, e);
            }
        }
    }

    /** {@link #sweep}, logged; never throws: a store works with or without its {@code tmp/} swept. */
    private static Result sweepAndLog(Path tmp, Duration grace) {
        try {
            Result result = sweep(tmp, grace);
            if (result.entries() > 0) {
                LOG.infof("removed %d abandoned staging entries (%d bytes) untouched for %s from %s",
                        result.entries(), result.bytes(), grace, tmp);
            }
            return result;
        } catch (NoSuchFileException e) {
            SWEPT_FOLDERS.remove(tmp); // the store is gone
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot sweep %s: %s", tmp, e);
        }
        return new Result(0, 0, 0);
    }

    /** Removes every entry of {@code tmp} that nothing touched for {@code grace}; see the class comment. */
    static Result sweep(Path tmp, Duration grace) throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(grace));
        int entries = 0;
        long bytes = 0;
        int failures = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(tmp)) {
            for (Path entry : children) {
                if (entry.getFileName().toString().startsWith(".nfs")) {
                    continue; // an NFS client's stand-in for a deleted file still open somewhere: it removes it
                }
                try {
                    if (HELD.contains(entry) || touchedSince(entry, cutoff)) {
                        continue;
                    }
                    Path taken = tmp.resolve(SWEPT + UUID.randomUUID());
                    Files.move(entry, taken, StandardCopyOption.ATOMIC_MOVE);
                    bytes += delete(taken);
                    entries++;
                } catch (NoSuchFileException e) {
                    // renamed into place by its writer, or taken by another sweeper, meanwhile
                } catch (IOException e) {
                    failures++;
                    LOG.warnf("cannot sweep %s: %s", entry, e);
                }
            }
        }
        return new Result(entries, bytes, failures);
    }

    /** Whether the entry, or anything inside it, was modified after {@code cutoff}; links are not followed. */
    private static boolean touchedSince(Path entry, FileTime cutoff) throws IOException {
        boolean[] touched = {false};
        Files.walkFileTree(entry, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return visit(attrs);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                return visit(attrs);
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    touched[0] = true; // something inside is moving: a writer is at work
                    return FileVisitResult.TERMINATE;
                }
                throw e;
            }

            private FileVisitResult visit(BasicFileAttributes attrs) {
                touched[0] = attrs.lastModifiedTime().compareTo(cutoff) > 0;
                return touched[0] ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return touched[0];
    }

    /** Deletes a taken entry bottom-up without following links; returns the bytes of the files deleted. */
    private static long delete(Path taken) throws IOException {
        long[] bytes = {0};
        Files.walkFileTree(taken, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file); // a symbolic link: the link itself
                if (attrs.isRegularFile()) {
                    bytes[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }

    private static ScheduledExecutorService daemonThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
