package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The garbage collection on any backend ({@link FileStoreCollectionTest}, {@link S3StoreCollectionTest}): the sweep
 * of the blob area, the writers' holds and the collector's lock, and {@link StoreCollector} end to end.
 */
abstract class StoreCollectionContract {

    /** An empty store per test. */
    abstract ArtifactStore store();

    /**
     * Makes the given blobs count as written before the instant returned, and blobs put after this returns as
     * written after it.
     */
    abstract Instant writtenBeforeNow(List<String> digests) throws Exception;

    /** A clock far enough ahead that every blob written so far is older than any grace used here. */
    static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

    @Test
    void theSweepDeletesExactlyTheDeadBlobsWrittenBeforeTheCutOff() throws Exception {
        BlobRef live = put("live and old");
        BlobRef dead = put("dead and old");
        Instant cutoff = writtenBeforeNow(List.of(live.sha256(), dead.sha256()));
        BlobRef young = put("dead but young");

        BlobSweepResult result = store().sweepBlobs(Set.of(live.sha256())::contains, cutoff, 0.5);

        assertThat(result.looseBlobsDeleted()).isEqualTo(1);
        assertThat(result.bytesReclaimed()).isEqualTo(dead.bytes());
        assertThat(result.blobsKept()).isEqualTo(2);
        assertThat(store().hasBlob(dead.sha256())).isFalse();
        assertThat(read(live)).isEqualTo("live and old");
        assertThat(read(young)).isEqualTo("dead but young");
    }

    @Test
    void theCollectorReclaimsATombstonedVersionsBlobsAndKeepsTheLiveOnes() throws Exception {
        BlobRef onlyOld = put("only in cats 1");
        BlobRef shared = put("in cats 1 and 2");
        BlobRef onlyNew = put("only in cats 2");
        BlobRef dog = put("a dog");
        BlobRef stray = put("in no manifest");
        publishVersion("cats", "1", onlyOld, shared);
        publishVersion("cats", "2", shared, onlyNew);
        publishVersion("dogs", "1", dog);
        store().write(StoreKeys.tombstone("cats", "1"), "{\"dataset\":\"cats\",\"version\":\"1\"}".getBytes());

        CollectionResult result = collect(LATER, Duration.ofMinutes(5));

        assertThat(result.deferred()).isNull();
        assertThat(result.ran()).isTrue();
        assertThat(result.looseBlobsDeleted()).isEqualTo(2);
        assertThat(result.bytesReclaimed()).isEqualTo(onlyOld.bytes() + stray.bytes());
        assertThat(result.liveBlobs()).isEqualTo(3);
        assertThat(store().hasBlob(onlyOld.sha256())).isFalse();
        assertThat(store().hasBlob(stray.sha256())).isFalse();
        assertThat(read(shared)).isEqualTo("in cats 1 and 2");
        assertThat(read(onlyNew)).isEqualTo("only in cats 2");
        assertThat(read(dog)).isEqualTo("a dog");
        assertThat(store().exists(StoreKeys.manifest("cats", "1"))).as("a tombstone keeps the metadata").isTrue();
        assertThat(store().exists(StoreKeys.GC_LOCK)).isFalse();
    }

    @Test
    void theCollectorKeepsBlobsYoungerThanItsGrace() throws Exception {
        BlobRef stray = put("in no manifest yet");

        CollectionResult result = collect(Clock.systemUTC(), Duration.ofMinutes(5));

        assertThat(result.ran()).isTrue();
        assertThat(result.looseBlobsDeleted()).isZero();
        assertThat(store().hasBlob(stray.sha256())).isTrue();
    }

    @Test
    void aLiveHoldDefersTheCollectionAndSaysWhoIsWriting() throws Exception {
        BlobRef stray = put("written by a running import");
        CollectionResult result;
        try (WriterHold hold = WriterHold.acquire(store(), "import cats@4")) {
            assertThat(store().exists(StoreKeys.gcHold(hold.id()))).isTrue();

            result = collect(Clock.systemUTC(), Duration.ZERO);
        }

        assertThat(result.deferred()).isEqualTo("import cats@4 is writing");
        assertThat(result.ran()).isFalse();
        assertThat(store().hasBlob(stray.sha256())).isTrue();
        assertThat(store().exists(StoreKeys.GC_LOCK)).as("the deferred collector released its lock").isFalse();
        assertThat(store().list(StoreKeys.GC_HOLDS)).as("a closed hold is gone").isEmpty();
        assertThat(collect(Clock.systemUTC(), Duration.ZERO).ran()).isTrue();
    }

    @Test
    void aWriterWaitsWhileTheLockIsHeldAndHoldsOnceItIsReleased() throws Exception {
        CollectorLock lock = CollectorLock.take(store(), "collection on test", Clock.systemUTC(),
                Duration.ofMinutes(1)).lock();
        assertThat(lock).isNotNull();
        CompletableFuture<WriterHold> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return WriterHold.acquire(store(), "import cats@5", Clock.systemUTC(), Duration.ofSeconds(20),
                        Duration.ofMinutes(1), Duration.ofMillis(50));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(400);
        assertThat(waiting).isNotDone();

        lock.close();

        try (WriterHold hold = waiting.get(10, TimeUnit.SECONDS)) {
            assertThat(store().list(StoreKeys.GC_HOLDS)).containsExactly(hold.id() + ".json");
            assertThat(collect(Clock.systemUTC(), Duration.ZERO).deferred())
                    .isEqualTo("import cats@5 is writing");
        }
    }

    @Test
    void aWriterGivesUpWithAClearMessageWhenTheCollectionRunsTooLong() throws Exception {
        try (CollectorLock lock = CollectorLock.take(store(), "collection on host-7", Clock.systemUTC(),
                Duration.ofMinutes(1)).lock()) {
            assertThatThrownBy(() -> WriterHold.acquire(store(), "import cats@6", Clock.systemUTC(),
                    Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofMillis(50)))
                    .isInstanceOf(StoreBusyException.class)
                    .hasMessageContaining("import cats@6")
                    .hasMessageContaining("collection on host-7");
            assertThat(store().list(StoreKeys.GC_HOLDS)).as("the writer took its hold back").isEmpty();
        }
    }

    @Test
    void aRunningCollectionDefersAnother() throws Exception {
        try (CollectorLock lock = CollectorLock.take(store(), "collection on host-7", Clock.systemUTC(),
                Duration.ofMinutes(1)).lock()) {
            CollectionResult result = collect(Clock.systemUTC(), Duration.ZERO);

            assertThat(result.deferred()).contains("another collection is running", "collection on host-7");
            assertThat(store().exists(StoreKeys.GC_LOCK)).as("the running one keeps its lock").isTrue();
        }
        assertThat(store().exists(StoreKeys.GC_LOCK)).isFalse();
    }

    @Test
    void expiredHoldsAndLocksOfCrashedProcessesAreIgnoredAndRemoved() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        store().write(StoreKeys.gcHold("crashed-import"),
                new GcLease("crashed-import", "import cats@3", past, past.plusSeconds(60)).json());
        store().write(StoreKeys.GC_LOCK, new GcLease("crashed-gc", "collection on gone", past,
                past.plusSeconds(60)).json());

        WriterHold.acquire(store(), "import cats@7", Duration.ZERO).close(); // the dead lock does not stop a writer
        CollectionResult result = collect(Clock.systemUTC(), Duration.ZERO);

        assertThat(result.deferred()).isNull();
        assertThat(store().list(StoreKeys.GC_HOLDS)).isEmpty();
        assertThat(store().exists(StoreKeys.GC_LOCK)).isFalse();
    }

    @Test
    void aHeldHoldIsRefreshedBeforeItExpires() throws Exception {
        try (WriterHold hold = WriterHold.acquire(store(), "import cats@8", Clock.systemUTC(), Duration.ZERO,
                Duration.ofMillis(900), Duration.ofMillis(50))) {
            Thread.sleep(1500);

            GcLease lease = GcLease.read(store(), StoreKeys.gcHold(hold.id())).orElseThrow();
            assertThat(lease.expired(Instant.now())).isFalse();
            assertThat(collect(Clock.systemUTC(), Duration.ZERO).deferred())
                    .isEqualTo("import cats@8 is writing");
        }
    }

    /** A collection that releases its lock at once (see {@link StoreCollector#FILE_STORE_SETTLE}). */
    CollectionResult collect(Clock clock, Duration grace) throws Exception {
        return StoreCollector.collect(store(), clock, grace, 0.5, Duration.ZERO);
    }

    BlobRef put(String content) throws Exception {
        return store().putBlob(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    String read(BlobRef blob) throws Exception {
        try (InputStream in = store().openBlob(blob.sha256())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Publishes {@code datasets/<dataset>/<version>} with a manifest naming the blobs. */
    void publishVersion(String dataset, String version, BlobRef... blobs) throws Exception {
        publishVersion(store(), dataset, version, List.of(blobs));
    }

    static void publishVersion(ArtifactStore store, String dataset, String version, List<BlobRef> blobs)
            throws Exception {
        List<DatasetManifest.Entry> entries = new ArrayList<>();
        for (BlobRef blob : blobs) {
            entries.add(new DatasetManifest.Entry("c/" + blob.sha256() + ".jpg", "c", blob.sha256(), blob.bytes(),
                    1, 1, DatasetManifest.TRAIN, blob.sha256()));
        }
        DatasetManifest manifest = new DatasetManifest(dataset, version, DatasetManifest.digestOf(entries), "test",
                0, 0, 1, List.of("c"), entries, Instant.now());
        try (Publication publication = store.publish(StoreKeys.datasetVersion(dataset, version))) {
            Files.write(publication.directory().resolve(StoreKeys.MANIFEST), StoreJson.write(manifest));
            publication.commit();
        }
    }
}
