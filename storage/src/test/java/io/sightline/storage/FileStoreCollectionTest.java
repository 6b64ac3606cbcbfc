package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collection on the file store, and what only it has: packs, repacked or deleted while readers read them. */
class FileStoreCollectionTest extends StoreCollectionContract {

    /** After every blob written by a test: packs and loose files count as old. */
    static final Instant AFTER_ALL = Instant.now().plus(Duration.ofHours(1));

    @TempDir
    Path root;

    FileArtifactStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = new FileArtifactStore(root);
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    @Override
    Instant writtenBeforeNow(List<String> digests) throws Exception {
        Instant old = Instant.now().minus(Duration.ofHours(2));
        for (String digest : digests) {
            Files.setLastModifiedTime(store.localBlob(digest).orElseThrow(), FileTime.from(old));
        }
        return Instant.now().minus(Duration.ofHours(1));
    }

    @Test
    void aPackWithASmallLiveShareIsRepackedAndItsLiveBlobsReadTheSame() throws Exception {
        Map<String, byte[]> blobs = packed(store, 10, 1);
        List<String> digests = new ArrayList<>(blobs.keySet());
        Set<String> live = Set.of(digests.get(0), digests.get(1));
        List<Path> before = packFiles();
        long bytesBefore = size(before);
        FileArtifactStore otherReader = new FileArtifactStore(root);
        assertThat(otherReader.hasBlob(digests.get(0))).isTrue(); // it has loaded the old pack's index

        BlobSweepResult result = store.sweepBlobs(live::contains, AFTER_ALL, 0.5);

        assertThat(result.packsRepacked()).isEqualTo(1);
        assertThat(result.packsDeleted()).isZero();
        assertThat(result.blobsKept()).isEqualTo(2);
        assertThat(result.bytesReclaimed()).isEqualTo(bytesBefore - size(packFiles()));
        assertThat(packFiles()).hasSize(2).doesNotContainAnyElementsOf(before);
        for (String digest : digests) {
            assertThat(store.hasBlob(digest)).isEqualTo(live.contains(digest));
        }
        for (String digest : live) {
            assertThat(read(store, digest)).isEqualTo(blobs.get(digest));
            assertThat(read(otherReader, digest)).isEqualTo(blobs.get(digest));
            assertThat(read(new FileArtifactStore(root), digest)).isEqualTo(blobs.get(digest));
        }
    }

    @Test
    void aPackWithNothingLiveIsDeletedAndOneMostlyLiveIsKept() throws Exception {
        Map<String, byte[]> dead = packed(store, 5, 2);
        Map<String, byte[]> mostlyLive = packed(store, 4, 3);
        Set<String> live = new HashSet<>(mostlyLive.keySet());
        live.remove(live.iterator().next());
        long bytesBefore = size(packFiles());

        BlobSweepResult result = store.sweepBlobs(live::contains, AFTER_ALL, 0.5);

        assertThat(result.packsDeleted()).isEqualTo(1);
        assertThat(result.packsRepacked()).isZero();
        assertThat(result.blobsKept()).isEqualTo(4);
        assertThat(result.bytesReclaimed()).isEqualTo(bytesBefore - size(packFiles()));
        assertThat(packFiles()).hasSize(2);
        dead.keySet().forEach(digest -> assertThat(store.hasBlob(digest)).isFalse());
        for (String digest : live) {
            assertThat(read(store, digest)).isEqualTo(mostlyLive.get(digest));
        }
    }

    @Test
    void aPackWrittenAfterTheCutOffIsLeftAlone() throws Exception {
        Map<String, byte[]> young = packed(store, 3, 4);

        BlobSweepResult result = store.sweepBlobs(digest -> false, Instant.now().minusSeconds(60), 0.5);

        assertThat(result).isEqualTo(new BlobSweepResult(0, 0, 0, 0, 3));
        young.keySet().forEach(digest -> assertThat(store.hasBlob(digest)).isTrue());
    }

    @Test
    void theCollectorRepacksATombstonedVersionsPackedBlobs() throws Exception {
        Map<String, byte[]> old = packed(store, 8, 5);
        List<BlobRef> refs = old.entrySet().stream().map(e -> new BlobRef(e.getKey(), e.getValue().length)).toList();
        publishVersion(store, "cats", "1", refs);
        publishVersion(store, "cats", "2", refs.subList(0, 2));
        store.write(StoreKeys.tombstone("cats", "1"), "{}".getBytes());

        CollectionResult result = collect(LATER, Duration.ofMinutes(5));

        assertThat(result.packsRepacked()).isEqualTo(1);
        assertThat(result.liveBlobs()).isEqualTo(2);
        assertThat(result.bytesReclaimed()).isPositive();
        for (BlobRef ref : refs) {
            assertThat(store.hasBlob(ref.sha256())).isEqualTo(refs.indexOf(ref) < 2);
        }
        assertThat(read(store, refs.get(1).sha256())).isEqualTo(old.get(refs.get(1).sha256()));
    }

    @Test
    void aManifestThatCannotBeReadStopsTheCollectionBeforeAnythingIsDeleted() throws Exception {
        BlobRef stray = put("maybe named by the broken manifest");
        try (Publication publication = store.publish(StoreKeys.datasetVersion("cats", "1"))) {
            Files.writeString(publication.directory().resolve(StoreKeys.MANIFEST), "{ not json");
            publication.commit();
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> collect(LATER, Duration.ZERO)).isInstanceOf(java.io.IOException.class);
        assertThat(store.hasBlob(stray.sha256())).isTrue();
        assertThat(store.exists(StoreKeys.GC_LOCK)).isFalse();
    }

    @Test
    void afterDeletingTheCollectorKeepsItsLockUntilCachesSettleAndAWritersHoldForgetsRemovedPacks()
            throws Exception {
        FileArtifactStore otherHost = new FileArtifactStore(root);
        String dead = packed(store, 3, 6).keySet().iterator().next();
        assertThat(otherHost.hasBlob(dead)).isTrue(); // its view of the packs now includes this one

        CollectionResult result = StoreCollector.collect(store, LATER, Duration.ZERO, 0.5, Duration.ofMillis(700));

        assertThat(result.packsDeleted()).isEqualTo(1);
        assertThat(store.exists(StoreKeys.GC_LOCK)).as("kept while caches settle").isTrue();
        long waitedFrom = System.nanoTime();
        try (WriterHold hold = WriterHold.acquire(otherHost, "import cats@9", java.time.Clock.systemUTC(),
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMillis(50))) {
            assertThat(System.nanoTime() - waitedFrom).isGreaterThan(Duration.ofMillis(300).toNanos());
            assertThat(otherHost.hasBlob(dead)).as("content to write again, not deduplicated").isFalse();
        }
        assertThat(store.exists(StoreKeys.GC_LOCK)).isFalse();
    }

    /**
     * Readers in this process and another (which listed the packs before) read live blobs without pause while
     * their packs are repacked and deleted under them: none may fail or read other bytes.
     */
    @Test
    void readsDuringARepackNeverFail() throws Exception {
        FileArtifactStore otherProcess = new FileArtifactStore(root);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                Map<String, byte[]> blobs = packed(store, 2000, 100 + round);
                List<String> live = blobs.keySet().stream().limit(200).toList();
                assertThat(otherProcess.hasBlob(live.get(0))).isTrue();
                AtomicBoolean repacked = new AtomicBoolean();
                List<Future<Integer>> failures = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    FileArtifactStore reader = r % 2 == 0 ? store : otherProcess;
                    failures.add(readers.submit(() -> {
                        int failed = 0;
                        int passesAfter = 0;
                        while (passesAfter < 2) {
                            boolean afterRepack = repacked.get();
                            for (String digest : live) {
                                try (InputStream in = reader.openBlob(digest)) {
                                    failed += java.util.Arrays.equals(in.readAllBytes(), blobs.get(digest)) ? 0 : 1;
                                } catch (Exception e) {
                                    failed++;
                                }
                            }
                            passesAfter += afterRepack ? 1 : 0;
                        }
                        return failed;
                    }));
                }
                Thread.sleep(20);
                BlobSweepResult result = store.sweepBlobs(Set.copyOf(live)::contains, AFTER_ALL, 0.5);
                repacked.set(true);
                int failed = 0;
                for (Future<Integer> f : failures) {
                    failed += f.get();
                }
                assertThat(result.packsRepacked()).isGreaterThanOrEqualTo(1);
                assertThat(failed).as("failed reads in round %d", round).isZero();
            }
        } finally {
            readers.shutdownNow();
        }
    }

    private List<Path> packFiles() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("blobs").resolve("packs"))) {
            return files.sorted().toList();
        }
    }

    private static long size(List<Path> files) throws Exception {
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        return bytes;
    }

    private static byte[] read(ArtifactStore store, String digest) throws Exception {
        try (InputStream in = store.openBlob(digest)) {
            return in.readAllBytes();
        }
    }

    /** Commits {@code count} small distinct blobs as one pack; returns them by digest. */
    static Map<String, byte[]> packed(FileArtifactStore store, int count, int seed) throws Exception {
        Map<String, byte[]> blobs = new java.util.LinkedHashMap<>();
        try (BlobBatch batch = store.newBlobBatch()) {
            for (int i = 0; i < count; i++) {
                byte[] content = ByteBuffer.allocate(64).putInt(seed).putInt(i).putLong(System.nanoTime()).array();
                blobs.put(batch.put(new ByteArrayInputStream(content)).sha256(), content);
            }
            batch.commit();
        }
        return blobs;
    }
}
