package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader process (the trainer) that listed the packs a while ago, then reads a newly packed dataset
 * from many threads at once: every thread must find every blob, whichever of them re-lists the folder.
 */
class ConcurrentPackReadTest {

    @TempDir
    Path root;

    @Test
    void parallelReadersAllSeeAPackCommittedAfterTheirLastListing() throws Exception {
        FileArtifactStore writer = new FileArtifactStore(root);
        FileArtifactStore reader = new FileArtifactStore(root);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                List<String> digests = packed(writer, round == 0 ? 1 : 0, 1);
                assertThat(reader.hasBlob(digests.get(0))).isTrue(); // the reader has listed the packs
                // past the window in which every miss lists the folder again
                Thread.sleep(2100);

                List<String> fresh = packed(writer, 5000, 100 + round);
                List<Future<Boolean>> found = new ArrayList<>();
                for (String digest : fresh) {
                    found.add(threads.submit(() -> {
                        try (InputStream in = reader.openBlob(digest)) {
                            return in.readAllBytes().length == 16;
                        } catch (NoSuchFileException e) {
                            return false;
                        }
                    }));
                }
                int missing = 0;
                for (Future<Boolean> f : found) {
                    missing += f.get() ? 0 : 1;
                }
                assertThat(missing).as("blobs a reader thread did not find, round %d", round).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Commits {@code count} small distinct blobs as one pack; returns their digests. */
    private static List<String> packed(FileArtifactStore store, int count, int seed) throws Exception {
        List<String> digests = new ArrayList<>();
        try (BlobBatch batch = store.newBlobBatch()) {
            for (int i = 0; i < Math.max(count, 1); i++) {
                byte[] content = ByteBuffer.allocate(16).putInt(seed).putInt(i).putLong(System.nanoTime()).array();
                digests.add(batch.put(new ByteArrayInputStream(content)).sha256());
            }
            batch.commit();
        }
        return digests;
    }
}
