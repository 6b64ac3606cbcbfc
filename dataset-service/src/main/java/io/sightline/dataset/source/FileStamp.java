package io.sightline.dataset.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the file system says of a file before it is read: size, inode, modification and status-change times. The
 * status-change time (ctime) moves with every write and attribute change and no user program can set it back, so an
 * original whose stamp is the same after copying was not written meanwhile, and the check after copying reads its
 * stamp instead of its bytes; a folder whose stamp is the same gained and lost no entry (decision 110).
 *
 * <p>A stamp is <em>racy</em> when the file changed less than {@link #RACY} before it was taken: a write in the same
 * tick of the file system's clock would leave every time as it was (git's "racily clean" index entries are the same
 * problem). Racy originals, and any on a file system without these attributes, are re-hashed; a folder whose stamp
 * moved or was racy is walked again.
 */
public record FileStamp(long size, Object inode, FileTime modified, FileTime changed, Instant takenAt) {

    /** Wider than the coarsest timestamp tick of the file systems a source lives on (2 s on FAT, NFS). */
    public static final Duration RACY = Duration.ofSeconds(2);

    private static final String ATTRIBUTES = "unix:size,ino,dev,lastModifiedTime,ctime";

    /** The file's stamp now, or null when its file system keeps no status-change time (then it is re-hashed). */
    public static FileStamp of(Path file) {
        return of(file, Instant.now());
    }

    /** The file's stamp as taken at {@code now}. */
    public static FileStamp of(Path file, Instant now) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, ATTRIBUTES);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return null;
        }
        if (!(a.get("ctime") instanceof FileTime changed) || !(a.get("lastModifiedTime") instanceof FileTime modified)
                || !(a.get("size") instanceof Long size)) {
            return null;
        }
        return new FileStamp(size, new Inode(a.get("dev"), a.get("ino")), modified, changed, now);
    }

    /** A file's identity on its machine: device and inode number, compared, never printed. */
    private record Inode(Object device, Object number) {
    }

    /** Whether the file changed so shortly before this stamp that a later write could have left it unchanged. */
    public boolean racy() {
        // in nanoseconds, without an Instant per time: checks after copying ask it of every original
        long latest = Math.max(changed.to(TimeUnit.NANOSECONDS), modified.to(TimeUnit.NANOSECONDS));
        long taken = TimeUnit.SECONDS.toNanos(takenAt.getEpochSecond()) + takenAt.getNano();
        return latest >= taken - RACY.toNanos();
    }

    /** Whether {@code now} shows the same file, untouched since this stamp. */
    public boolean sameAs(FileStamp now) {
        return now != null && size == now.size && Objects.equals(inode, now.inode) && modified.equals(now.modified)
                && changed.equals(now.changed);
    }
}
