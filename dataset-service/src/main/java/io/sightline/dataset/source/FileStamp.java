package io.sightline.dataset.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
public record FileStamp(long size, long device, long inode, long modifiedNanos, long changedNanos, long takenAtNanos) {

    /** Wider than the coarsest timestamp tick of the file systems a source lives on (2 s on FAT, NFS). */
    public static final Duration RACY = Duration.ofSeconds(2);

    private static final String ATTRIBUTES = "unix:size,ino,dev,lastModifiedTime,ctime";

    /** The file's stamp now, or null when its file system keeps no status-change time (then it is re-hashed). */
    public static FileStamp of(Path file) {
        return of(file, Instant.now());
    }

    /**
     * The file's stamp as taken at {@code now}. Primitives only: an import keeps one per file until it publishes, and
     * boxed numbers and time objects were a tenth of what it kept live.
     */
    public static FileStamp of(Path file, Instant now) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, ATTRIBUTES);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return null;
        }
        if (!(a.get("ctime") instanceof FileTime changed) || !(a.get("lastModifiedTime") instanceof FileTime modified)
                || !(a.get("size") instanceof Long size) || !(a.get("dev") instanceof Long device)
                || !(a.get("ino") instanceof Long inode)) {
            return null;
        }
        return new FileStamp(size, device, inode, modified.to(TimeUnit.NANOSECONDS), changed.to(TimeUnit.NANOSECONDS),
                TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano());
    }

    /** Whether the file changed so shortly before this stamp that a later write could have left it unchanged. */
    public boolean racy() {
        return Math.max(changedNanos, modifiedNanos) >= takenAtNanos - RACY.toNanos();
    }

    /** Whether {@code now} shows the same file, untouched since this stamp. */
    public boolean sameAs(FileStamp now) {
        return now != null && size == now.size && device == now.device && inode == now.inode
                && modifiedNanos == now.modifiedNanos && changedNanos == now.changedNanos;
    }

    @Override
    public String toString() { // a file's identity on its machine is compared, never printed
        return "FileStamp[size=" + size + ", modifiedNanos=" + modifiedNanos + ", changedNanos=" + changedNanos + "]";
    }
}
