package io.sightline.dataset.importing;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.BlobRef;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The copy stage: every staged file into the store as a content-addressed blob, all in one {@link BlobBatch}:
 * small files go into a pack file rather than a file each (decision 007), and the blobs become visible
 * together when the batch is committed, at the end of this stage. A blob that is already stored is not
 * written again (content addressing); the verification re-reads it either way.
 */
final class BlobCopy {

    private final ArtifactStore store;
    private final ParallelWork parallel;
    private final SourceFileReader crops = new SourceFileReader();

    BlobCopy(ArtifactStore store, ParallelWork parallel) {
        this.store = store;
        this.parallel = parallel;
    }

    /** Copies into a batch of its own. */
    void copy(Staging staging) {
        try (BlobBatch batch = store.newBlobBatch()) {
            copy(staging, batch);
        } catch (IOException e) {
            staging.problem("copy failed: " + e.getMessage());
        }
    }

    /** Copies into {@code batch}, which it commits; files ingest already put into it are not read again. */
    void copy(Staging staging, BlobBatch batch) {
        long start = System.nanoTime();
        Set<String> done = new HashSet<>();
        List<Staging.StagedFile> distinct = staging.copiedWhileReading() ? List.of()
                : staging.files().stream().filter(f -> done.add(f.sha256())).toList();
        String[] problem = new String[distinct.size()];
        staging.progress().start("copy", distinct.size());
        parallel.forEach(distinct.size(), i -> {
            Staging.StagedFile file = distinct.get(i);
            try {
                if (!store.hasBlob(file.sha256())) {
                    BlobRef ref = file.source().crop() == null ? batch.put(file.original())
                            : batch.put(new java.io.ByteArrayInputStream(crops.cropAgain(file)));
                    if (!ref.sha256().equals(file.sha256()) || ref.bytes() != file.bytes()) {
                        problem[i] = "changed during copy: " + file.path();
                    }
                }
            } catch (IOException e) {
                problem[i] = "copy failed: " + file.path() + " (" + e.getMessage() + ")";
            }
            staging.progress().advance();
        });
        try {
            batch.commit();
        } catch (IOException e) {
            staging.problem("copy failed: the blobs could not be committed (" + e.getMessage() + ")");
        }
        for (String p : problem) {
            if (p != null) {
                staging.problem(p);
            }
        }
        staging.markCopied();
        staging.time("copy", start);
    }
}
