package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sightline's artefact store. Keys are relative, {@code /}-separated paths such as
 * {@code datasets/cracks/3/manifest.json}; see {@link StoreKeys} for the layout.
 */
public interface ArtifactStore {

    /**
     * Opens the store a URI names: {@code file:/path[?packBlobsUpTo=bytes&tmpGraceHours=hours]} (a folder,
     * created when missing; see {@link FileArtifactStore#FileArtifactStore(Path, long, Duration)}) or
     * {@code s3://bucket/prefix[?endpoint=…&region=…&cacheMaxBytes=…]} (see {@link S3ArtifactStore}).
     */
    static ArtifactStore connect(URI uri) throws IOException {
        String scheme = uri.getScheme();
        if ("file".equals(scheme)) {
            if (uri.getRawQuery() == null) {
                return new FileArtifactStore(Path.of(uri));
            }
            long packBlobsUpTo = FileArtifactStore.DEFAULT_PACK_BLOBS_UP_TO;
            Duration tmpGrace = FileArtifactStore.DEFAULT_TMP_GRACE;
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.startsWith("packBlobsUpTo=")) {
                    packBlobsUpTo = Long.parseLong(pair.substring("packBlobsUpTo=".length()));
                } else if (pair.startsWith("tmpGraceHours=")) {
                    tmpGrace = Duration.ofHours(Long.parseLong(pair.substring("tmpGraceHours=".length())));
                } else {
                    throw new IllegalArgumentException("unknown file: store option " + pair + " in " + uri);
                }
            }
            return new FileArtifactStore(Path.of(uri.getPath()), packBlobsUpTo, tmpGrace);
        }
        if ("s3".equals(scheme)) {
            return S3ArtifactStore.open(uri);
        }
        throw new IllegalArgumentException("unsupported store URI " + uri + ": use file:/path or s3://bucket/prefix");
    }

    /** Opens a store from text such as {@code file:/data/store} or {@code file:${user.home}/.sightline}. */
    static ArtifactStore connect(String uri) throws IOException {
        if (uri.startsWith("file:") && !uri.startsWith("file:/")) {
            int query = uri.indexOf('?');
            String path = uri.substring("file:".length(), query < 0 ? uri.length() : query);
            URI absolute = Path.of(path).toAbsolutePath().toUri();
            return connect(query < 0 ? absolute : URI.create(absolute + uri.substring(query)));
        }
        return connect(URI.create(uri));
    }

    /** The URI this store was opened with. */
    URI uri();

    /** Stores a file's content under its SHA-256; storing the same content again is a no-op. */
    BlobRef putBlob(Path file) throws IOException;

    /** Stores a stream's content under its SHA-256. The stream is read to its end, not closed. */
    BlobRef putBlob(InputStream content) throws IOException;

    /**
     * Starts storing many blobs together (thread-safe puts, visible on commit at the latest; see
     * {@link BlobBatch}). This default stores each blob with {@link #putBlob} as it is put; the file store
     * appends small blobs to a pack file instead of writing a file per blob.
     */
    default BlobBatch newBlobBatch() throws IOException {
        return new BlobByBlobBatch(this);
    }

    /** Whether a blob with this digest is stored. */
    boolean hasBlob(String sha256);

    /** Reads a blob. */
    InputStream openBlob(String sha256) throws IOException;

    /**
     * Re-reads blobs and checks each against its digest and size, as a check after copying does: the damaged ones,
     * by digest; empty when all are intact. This default reads them one by one through {@link #openBlob}; the file
     * store reads its packs in file order instead.
     */
    default Map<String, BlobDamage> damagedBlobs(List<BlobRef> blobs) throws IOException {
        Map<String, BlobDamage> damaged = new HashMap<>();
        for (BlobRef blob : blobs) {
            BlobDamage damage = BlobDamage.reread(this, blob);
            if (damage != null) {
                damaged.put(blob.sha256(), damage);
            }
        }
        return damaged;
    }

    /**
     * The blob as a local file when the backend keeps it as one (lets callers hard-link it); empty for a blob
     * that is stored but not as a file of its own (S3, or packed): read it with {@link #openBlob}.
     */
    Optional<Path> localBlob(String sha256);

    /** Starts writing a folder that becomes visible under {@code key} only on commit. */
    Publication publish(String key) throws IOException;

    /** Writes one small file atomically (replacing any previous content). */
    void write(String key, byte[] content) throws IOException;

    /**
     * Writes one small file only if nothing is stored under {@code key} yet. Atomic: of writers racing for one key
     * exactly one gets {@code true}, and a reader sees the whole content or nothing. This is the store's only
     * compare-and-set; leases are built on it (a blind {@link #write} cannot tell two claimants apart).
     *
     * @return true when this call created the file; false when something was stored under {@code key} already
     */
    boolean createIfAbsent(String key, byte[] content) throws IOException;

    /** Whether a file or published folder exists under {@code key}. */
    boolean exists(String key);

    /** Reads a whole file. */
    byte[] read(String key) throws IOException;

    /** Opens a file for reading. */
    InputStream open(String key) throws IOException;

    /** The names directly under {@code key}, sorted; empty when nothing is there. */
    List<String> list(String key) throws IOException;

    /** A local folder holding what is published under {@code key} (downloaded first by remote backends). */
    Path localFolder(String key) throws IOException;

    /**
     * Removes the file or the whole published folder under {@code key}; nothing there is not an error. A folder
     * disappears for readers in one step ({@link #exists} and {@link #list} stop seeing it before its files go), so
     * nobody reads half a deleted folder. Blobs are not deleted this way: the garbage collection does that.
     *
     * @return the bytes removed (0 when nothing was there)
     */
    long delete(String key) throws IOException;

    /**
     * Deletes the blobs that are not {@code live} and were last written before {@code writtenBefore}; the file
     * store also rewrites each pack whose live share of bytes is below {@code repackBelow} with only its live blobs
     * (readers never miss a live blob meanwhile) and deletes packs with nothing live. Call it through
     * {@link StoreCollector}, which marks and keeps writers out; on its own it deletes whatever {@code live} denies.
     *
     * @param live          whether a digest is referenced; may throw to stop the sweep
     * @param writtenBefore blobs (and packs) written at or after this instant stay
     * @param repackBelow   0..1; 0 never repacks
     */
    BlobSweepResult sweepBlobs(Predicate<String> live, Instant writtenBefore, double repackBelow) throws IOException;
}
