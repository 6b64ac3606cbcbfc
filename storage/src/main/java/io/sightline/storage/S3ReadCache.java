package io.sightline.storage;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The S3 store's local copies of published folders ({@link S3ArtifactStore#localFolder}), bounded by size.
 *
 * <p>Each cached folder's marker file records its last use in its modification time (touched on every hit, so the
 * order survives a restart). When a download takes the cache over its bound, the least recently used folders go
 * first — but never one used within {@link #IN_USE}: {@code localFolder} hands out a path its caller reads later
 * (a model loaded from it, a tree being walked), and nothing says when the caller is done. So the bound can be
 * exceeded for a while when everything in the cache was used recently. An evicted folder is renamed away in one
 * step, then deleted; the next {@code localFolder} of its key downloads it again.
 */
final class S3ReadCache {

    /** Default bound of a cache, in bytes: 2 GiB. */
    static final long DEFAULT_MAX_BYTES = 2L << 30;
    /** A folder used this recently is never evicted: its caller may still be reading it. */
    static final Duration IN_USE = Duration.ofMinutes(10);
    /** Staging of a download that a killed process left behind goes after this. */
    private static final Duration ABANDONED = Duration.ofDays(1);
    private static final String STAGING = ".tmp";
    private static final Logger LOG = Logger.getLogger(S3ReadCache.class);

    /** Fills a fresh local folder with a published folder's files. */
    @FunctionalInterface
    interface Download {
        void into(Path folder) throws IOException;
    }

    private final Path dir;
    private final String marker;
    private final long maxBytes;

    S3ReadCache(Path dir, String marker, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be positive, got " + maxBytes);
        }
        this.dir = dir;
        this.marker = marker;
        this.maxBytes = maxBytes;
    }

    /** The bound a {@code cacheMaxBytes} option gives: the default when absent. */
    static long maxBytes(String option) {
        if (option == null) {
            return DEFAULT_MAX_BYTES;
        }
        try {
            return Long.parseLong(option);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cacheMaxBytes must be a number of bytes, got " + option);
        }
    }

    Path dir() {
        return dir;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The cached copy of {@code key}, downloaded first when missing; the download may evict others. */
    Path folder(String key, Download download) throws IOException {
        Path target = dir.resolve(key);
        if (touch(target)) {
            return target;
        }
        Path staging = Files.createDirectories(dir.resolve(STAGING).resolve(UUID.randomUUID().toString()));
        try {
            download.into(staging);
            Files.createDirectories(target.getParent());
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isRegularFile(target.resolve(marker))) {
                    throw raced;
                }
            }
            touch(target);
        } finally {
            StagedPublication.deleteTree(staging);
        }
        evict();
        return target;
    }

    /** Records a use of a cached folder; false when it is not cached. */
    private boolean touch(Path folder) {
        try {
            Files.setLastModifiedTime(folder.resolve(marker), FileTime.from(Instant.now()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the cached copy of {@code key} (its folder was deleted from the store). */
    void remove(String key) throws IOException {
        take(dir.resolve(key));
    }

    /** One cached folder: its size and last use. */
    private record Entry(Path folder, long bytes, FileTime lastUsed) {
    }

    /** Evicts least recently used folders, not used within {@link #IN_USE}, until the cache fits its bound. */
    synchronized void evict() throws IOException {
        List<Entry> entries = entries();
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        if (total <= maxBytes) {
            return;
        }
        FileTime inUseSince = FileTime.from(Instant.now().minus(IN_USE));
        entries.sort(Comparator.comparing(Entry::lastUsed));
        for (Entry entry : entries) {
            if (total <= maxBytes) {
                return;
            }
            if (lastUsed(entry.folder()).compareTo(inUseSince) > 0) {
                continue; // used meanwhile, or recently
            }
            take(entry.folder());
            total -= entry.bytes();
        }
        if (total > maxBytes) {
            LOG.infof("the S3 read cache %s holds %d bytes, over its %d: what is left was used within %s", dir,
                    total, maxBytes, IN_USE);
        }
    }

    private FileTime lastUsed(Path folder) {
        try {
            return Files.getLastModifiedTime(folder.resolve(marker));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Renames a folder into the staging area (gone for readers in one step), then deletes it. */
    private void take(Path folder) throws IOException {
        Path doomed = dir.resolve(STAGING).resolve("evicted-" + UUID.randomUUID());
        try {
            Files.createDirectories(doomed.getParent());
            Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        StagedPublication.deleteTree(doomed);
    }

    /** Every cached folder (one holding a marker); abandoned staging is removed on the way. */
    private List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        FileTime abandoned = FileTime.from(Instant.now().minus(ABANDONED));
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) throws IOException {
                if (folder.equals(dir.resolve(STAGING))) {
                    removeAbandoned(folder, abandoned);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (Files.isRegularFile(folder.resolve(marker))) {
                    entries.add(new Entry(folder, bytes(folder), lastUsed(folder)));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // evicted or moved in meanwhile
            }
        });
        return entries;
    }

    private static void removeAbandoned(Path staging, FileTime before) throws IOException {
        try (var children = Files.list(staging)) {
            for (Path child : children.toList()) {
                if (Files.getLastModifiedTime(child).compareTo(before) < 0) {
                    StagedPublication.deleteTree(child);
                }
            }
        }
    }

    private static long bytes(Path folder) throws IOException {
        long[] bytes = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                bytes[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }
}
