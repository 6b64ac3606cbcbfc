package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A batch that stores every blob at once with {@link ArtifactStore#putBlob}: commit has nothing left to do. */
final class BlobByBlobBatch implements BlobBatch {

    private final ArtifactStore store;
    private volatile boolean finished;

    BlobByBlobBatch(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public BlobRef put(Path file) throws IOException {
        checkOpen();
        return store.putBlob(file);
    }

    @Override
    public BlobRef put(InputStream content) throws IOException {
        checkOpen();
        return store.putBlob(content);
    }

    @Override
    public void commit() {
        checkOpen();
        finished = true;
    }

    @Override
    public void close() {
        finished = true;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the blob batch is committed or closed");
        }
    }
}
