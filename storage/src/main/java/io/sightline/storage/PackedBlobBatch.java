package io.sightline.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file store's batch: blobs up to {@code packBlobsUpTo} bytes are appended to a pack file in the batch's
 * folder {@code tmp/batch-<uuid>/}, bigger ones are staged as loose files there; {@link #commit()} renames the
 * loose files into place, then each pack, then writes each pack's index — the rename of the index is what makes
 * a pack's blobs visible. Hashing happens on the calling threads; only the append to the pack is serialised.
 *
 * <p>The pack's records ({@link PackWriter}) make it readable without its index (an index can be rebuilt from it).
 */
final class PackedBlobBatch implements BlobBatch {

    private final FileArtifactStore store;
    private final long packBlobsUpTo;
    /** Sized for a dataset import's tens of thousands: resizing a concurrent set under load costs more. */
    private final Set<String> inBatch = ConcurrentHashMap.newKeySet(1 << 14);
    /** The store's loose-blob folders when the batch started ({@link FileArtifactStore#storedAsOfBatchStart}). */
    private final Set<String> looseFolders;
    private final List<Staged> loose = new ArrayList<>(); // guarded by this
    private final List<PackWriter> packs = new ArrayList<>(); // guarded by this; the last one is appended to
    private Path staging; // guarded by this; made when the batch stages its first file
    private IOException failure; // guarded by this
    private volatile boolean finished; // written under this
    private boolean committed; // guarded by this

    private record Staged(Path file, String sha256) {
    }

    PackedBlobBatch(FileArtifactStore store, long packBlobsUpTo, Set<String> looseFolders) {
        this.store = store;
        this.packBlobsUpTo = packBlobsUpTo;
        this.looseFolders = looseFolders;
    }

    @Override
    public BlobRef put(Path file) throws IOException {
        checkOpen();
        if (packed(Files.size(file))) {
            byte[] content = Files.readAllBytes(file);
            return packed(content.length) ? putSmall(content) : putLoose(new ByteArrayInputStream(content));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return put(in);
        }
    }

    @Override
    public BlobRef put(InputStream content) throws IOException {
        checkOpen();
        if (packBlobsUpTo <= 0) {
            return putLoose(content);
        }
        byte[] head = content.readNBytes((int) packBlobsUpTo + 1);
        return packed(head.length) ? putSmall(head)
                : putLoose(new SequenceInputStream(new ByteArrayInputStream(head), content));
    }

    @Override
    public BlobRef put(byte[] content) throws IOException {
        checkOpen();
        // no stream and no read buffer: a dataset import puts tens of thousands of small images
        return packed(content.length) ? putSmall(content) : putLoose(new ByteArrayInputStream(content));
    }

    @Override
    public boolean holds(String sha256) {
        return store.packs().find(sha256, false) != null || inBatch.contains(sha256); // packed: an index lookup in memory
    }

    private boolean packed(long bytes) {
        return packBlobsUpTo > 0 && bytes <= packBlobsUpTo;
    }

    private BlobRef putSmall(byte[] content) throws IOException {
        byte[] digest = Sha256.digest(content);
        String sha256 = Sha256.hex(digest);
        if (!store.storedAsOfBatchStart(sha256, looseFolders) && inBatch.add(sha256)) {
            synchronized (this) {
                checkOpen();
                try {
                    PackWriter pack = packs.isEmpty() ? null : packs.get(packs.size() - 1);
                    if (pack == null || pack.full(content.length)) {
                        pack = new PackWriter(staging().resolve("pack-" + UUID.randomUUID()));
                        packs.add(pack);
                    }
                    pack.append(digest, content);
                } catch (IOException e) {
                    failure = e;
                    throw e;
                }
            }
        }
        return new BlobRef(sha256, content.length);
    }

    private BlobRef putLoose(InputStream content) throws IOException {
        Path staged = staging().resolve("blob-" + UUID.randomUUID());
        BlobRef copied = Sha256.copy(content, staged);
        String sha256 = copied.sha256();
        if (store.storedAsOfBatchStart(sha256, looseFolders) || !inBatch.add(sha256)) {
            Files.delete(staged); // written once
        } else {
            synchronized (this) {
                if (finished) {
                    Files.delete(staged);
                    checkOpen();
                }
                loose.add(new Staged(staged, sha256));
            }
        }
        return copied;
    }

    /**
     * The batch's folder in {@code tmp/}. A batch lives as long as an import, and what it staged first waits
     * unmodified until the commit at the end: held, the folder is kept fresh for the sweep ({@link TmpSweep}), one
     * touch however many files it holds.
     */
    private synchronized Path staging() throws IOException {
        checkOpen();
        if (staging == null) {
            staging = TmpSweep.hold(Files.createDirectory(store.tmp().resolve("batch-" + UUID.randomUUID())));
        }
        return staging;
    }

    /** Deletes the batch's folder with anything still staged in it. */
    private void removeStaging() throws IOException {
        if (staging != null) {
            try {
                StagedPublication.deleteTree(staging);
            } finally {
                TmpSweep.release(staging);
            }
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the blob batch is committed or closed");
        }
    }

    @Override
    public synchronized void commit() throws IOException {
        checkOpen();
        if (failure != null) {
            throw new IOException("a blob of this batch could not be stored", failure);
        }
        finished = true;
        for (Staged blob : loose) {
            store.placeLooseBlob(blob.file(), blob.sha256());
        }
        for (PackWriter pack : packs) {
            PackIndex index = pack.seal();
            store.packs().install(pack.file, index);
        }
        committed = true;
        try {
            removeStaging(); // empty by now
        } catch (IOException e) {
            // the blobs are visible: a folder left behind (a put racing the commit) is swept once untouched
        }
    }

    @Override
    public synchronized void close() throws IOException {
        finished = true;
        if (committed) {
            return;
        }
        for (PackWriter pack : packs) {
            pack.discard();
        }
        removeStaging(); // and the loose files in it
    }
}
