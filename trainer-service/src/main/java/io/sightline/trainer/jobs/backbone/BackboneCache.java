package io.sightline.trainer.jobs.backbone;

import io.sightline.trainer.training.TrainingFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Keeps the worker's backbone downloads ({@link BackboneDownload}'s folder) within a size: the least recently used go
 * first. A file is used when it is downloaded (every job downloads its backbone again, replacing the copy), so its
 * modification time is its last use. Never removed: the file of a job that is running (on any replica: the folder may
 * be shared), nor one written within the last {@link #FRESH} (its job may not show as running yet, or it is being
 * downloaded).
 */
public final class BackboneCache {

    private static final Logger LOG = Logger.getLogger(BackboneCache.class);
    static final Duration FRESH = Duration.ofMinutes(10);

    private final Path dir;
    private final long maxBytes;

    /** What a trim removed. */
    public record Trimmed(int files, long bytes) {
    }

    /** @param maxBytes most bytes the downloads may take together */
    public BackboneCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** The download folder every worker in this JVM uses. */
    public static BackboneCache ofDownloads(long maxBytes) {
        return new BackboneCache(BackboneDownload.DEFAULT_DIR, maxBytes);
    }

    /**
     * Removes the least recently used downloads until the rest fit.
     *
     * @param runningBaseModels the {@code baseModel} references of the jobs running now
     */
    public Trimmed trim(Collection<String> runningBaseModels, Instant now) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Trimmed(0, 0);
        }
        Set<String> inUse = filesOf(runningBaseModels);
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = new ArrayList<>(listed.filter(Files::isRegularFile).toList());
        }
        files.sort(Comparator.comparing(BackboneCache::lastModified));
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        int removed = 0;
        long freed = 0;
        FileTime fresh = FileTime.from(now.minus(FRESH));
        for (Path file : files) {
            if (total <= maxBytes) {
                break;
            }
            if (inUse.contains(file.getFileName().toString()) || lastModified(file).compareTo(fresh) > 0) {
                continue;
            }
            long size = Files.size(file);
            if (Files.deleteIfExists(file)) {
                total -= size;
                freed += size;
                removed++;
                LOG.debugf("backbone cache: removed %s (%d bytes)", file.getFileName(), size);
            }
        }
        return new Trimmed(removed, freed);
    }

    private static Set<String> filesOf(Collection<String> baseModels) {
        Set<String> names = new HashSet<>();
        for (String raw : baseModels) {
            try {
                BackboneReference reference = BackboneReference.parse(raw);
                if (reference.kind() == BackboneReference.Kind.URL) {
                    names.add(BackboneDownload.fileName(reference.location()));
                } else if (reference.kind() == BackboneReference.Kind.FILE) {
                    Path path = reference.path();
                    names.add(BackboneDownload.fileName(path.toString()));
                    names.add(BackboneDownload.fileName(path.toRealPath().toString()));
                }
            } catch (TrainingFailure | IOException | RuntimeException e) {
                // a reference that names no download of ours, or a file gone: nothing to keep for it
            }
        }
        return names;
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
