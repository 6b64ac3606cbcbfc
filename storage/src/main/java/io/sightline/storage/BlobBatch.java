package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Many blobs stored together, e.g. every file of a dataset import. {@link #put} may be called from several
 * threads at once. The blobs are visible to readers ({@link ArtifactStore#hasBlob}, {@link ArtifactStore#openBlob})
 * once {@link #commit()} returns, at the latest: a backend that stores blob by blob (S3) makes each one visible
 * as it is put, the file store's packs make them visible together on commit. Closing without committing
 * discards what is not visible yet; blobs are content-addressed, so one that stayed behind is harmless.
 *
 * <p>As with {@link ArtifactStore#putBlob}, content already stored (or put earlier into this batch) is not
 * stored again.
 */
public interface BlobBatch extends AutoCloseable {

    /** Stores a file's content; see {@link ArtifactStore#putBlob(Path)}. */
    BlobRef put(Path file) throws IOException;

    /** Stores a stream's content, read to its end, not closed; see {@link ArtifactStore#putBlob(InputStream)}. */
    BlobRef put(InputStream content) throws IOException;

    /**
     * Whether the store held the blob {@code sha256} when this batch started, or the batch holds it now, as far as the
     * batch can tell without a request or a file-system call; false when it cannot tell that cheaply.
     */
    default boolean holds(String sha256) {
        return false;
    }

    /** Stores {@code content} (not kept: the batch copies what it keeps); see {@link #put(InputStream)}. */
    default BlobRef put(byte[] content) throws IOException {
        return put(new java.io.ByteArrayInputStream(content));
    }

    /**
     * Makes every blob of the batch visible. Later puts are refused.
     *
     * @throws IOException when a blob could not be stored; then none of those not yet visible become visible
     */
    void commit() throws IOException;

    /** Discards what is not yet visible unless committed. */
    @Override
    void close() throws IOException;
}
