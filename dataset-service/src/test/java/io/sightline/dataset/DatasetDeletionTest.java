package io.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.Tombstone;
import io.sightline.dataset.catalog.TreeMaterialiser;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.split.SplitMode;
import io.sightline.events.DatasetDeleted;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.Outbox;
import io.sightline.kit.outbox.OutboxEvent;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.kit.outbox.OutboxSettings;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Sha256;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes, tombstones, retention and the garbage collection on a real file store: what a delete keeps, what the
 * collection then reclaims, and that a restart answers the same.
 */
class DatasetDeletionTest {

    @TempDir
    Path base;

    private Path root;
    private FileArtifactStore store;
    private final List<DatasetDeleted> deletions = new CopyOnWriteArrayList<>();
    private final List<DatasetService> services = new CopyOnWriteArrayList<>();
    private DatasetService service;

    /** Events a deletion test does not look at. */
    private abstract static class DeletionEvents implements DatasetEvents {
        @Override
        public void split(DatasetSplit event) {
        }

        @Override
        public void rejected(DatasetRejected event) {
        }
    }

    private final DatasetEvents recording = new DeletionEvents() {
        @Override
        public void deleted(DatasetDeleted event) {
            deletions.add(event);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("imports")).toRealPath();
        store = new FileArtifactStore(base.resolve("store"));
        service = newService(Executors.newSingleThreadExecutor());
    }

    @AfterEach
    void tearDown() {
        services.forEach(DatasetService::close);
    }

    private DatasetService newService(ExecutorService workers) throws IOException {
        return newService(workers, recording);
    }

    private DatasetService newService(ExecutorService workers, DatasetEvents events) throws IOException {
        DatasetSettings settings = new DatasetSettings(List.of(root), 0.25, 0, 42, SplitMode.STABLE,
                CorruptFilePolicy.REJECT);
        DatasetService created = new DatasetService(store, settings, events, new SimpleMeterRegistry(), workers,
                Clock.systemUTC()).recover();
        services.add(created);
        return created;
    }

    private DatasetGc gc(DatasetService on, RetentionPolicy.Defaults defaults) {
        // no grace and every pack with a dead byte rewritten: what is unreferenced now is reclaimed now
        return new DatasetGc(store, new Retention(store, on, defaults, Clock.systemUTC()),
                new DatasetGc.Settings(Duration.ZERO, 1.0), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private DatasetVersion importNow(String name, Path src) {
        DatasetVersion submitted = service.submit(new ImportRequest(name, src.toString(), 0.25, 0.0, 3L, null));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.version(name, submitted.version()).status().isFinal());
        DatasetVersion done = service.version(name, submitted.version());
        assertThat(done.status()).as(done.reason()).isEqualTo(VersionStatus.READY);
        return done;
    }

    /** Writes a model version's metrics.json whose lineage names {@code dataset} version {@code version}. */
    private void modelNaming(String model, String modelVersion, String dataset, String version) throws IOException {
        store.write(StoreKeys.metrics(model, modelVersion), ("{\"model\":\"" + model + "\",\"version\":\""
                + modelVersion + "\",\"lineage\":{\"jobId\":\"j1\",\"dataset\":\"" + dataset
                + "\",\"datasetVersion\":\"" + version + "\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private DatasetManifest manifest(String dataset, String version) throws IOException {
        return StoreJson.read(service.manifest(dataset, version), DatasetManifest.class);
    }

    private static Set<String> blobs(DatasetManifest manifest) {
        Set<String> digests = new HashSet<>();
        manifest.entries().forEach(e -> digests.add(e.sha256()));
        return digests;
    }

    /** Deletions kept in a real outbox on the store, as the Kafka adapter keeps them. */
    private DatasetEvents outboxEvents(Outbox outbox) {
        return new DeletionEvents() {
            @Override
            public void deleted(DatasetDeleted event) {
                throw new AssertionError("a deletion is recorded before it commits, not after");
            }

            @Override
            public Announcement deletedOnCommit(DatasetDeleted event, OutboxGuard guard) throws IOException {
                assertThat(Sha256.of(store.read(guard.key()))).as("recorded before the journal says deleted")
                        .isNotEqualTo(guard.sha256());
                return Announcement.of(outbox, outbox.record(outbox.intent(event.id(), "datasets-out",
                        DatasetDeleted.TYPE, event.dataset(), event.dataset(), event.deletedAt(), event, guard)));
            }
        };
    }

    private Outbox outbox(List<OutboxEvent> sent, boolean brokerUp) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        return new Outbox(store, "dataset-service", json, event -> {
            if (!brokerUp) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
            }
            sent.add(event);
            return CompletableFuture.completedFuture(null);
        }, Clock.systemUTC(), new OutboxSettings(Duration.ZERO, Duration.ZERO, Duration.ofHours(1),
                Duration.ofSeconds(5)));
    }

    @Test
    void aDeletionIsInTheOutboxBeforeItCommitsSoALostSendGoesOutFromTheNextStart() throws Exception {
        DatasetVersion first = twoVersions("outboxed")[0];
        List<OutboxEvent> lost = new CopyOnWriteArrayList<>();
        DatasetService brokerAway = newService(Executors.newSingleThreadExecutor(), outboxEvents(outbox(lost, false)));

        brokerAway.deleteVersion("outboxed", first.version(), "alice");
        brokerAway.deleteDataset("outboxed", "bob");

        assertThat(lost).isEmpty();
        List<OutboxEvent> sent = new CopyOnWriteArrayList<>();
        Outbox nextStart = outbox(sent, true);
        assertThat(nextStart.relay().sent()).as("both deletions committed: their journal entries say so").isEqualTo(2);
        assertThat(sent).extracting(e -> e.payload().path("version").isNull() ? null
                : e.payload().path("version").asText()).containsExactlyInAnyOrder(first.version(), null);
        assertThat(sent).extracting(e -> e.payload().path("by").asText()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(nextStart.pending()).isEmpty();
    }

    /** Imports four cats and four dogs, then two more cats: the two versions. */
    private DatasetVersion[] twoVersions(String name) throws IOException {
        Path src = root.resolve(name);
        TestImages.images(src, "cats", "c", 4);
        TestImages.images(src, "dogs", "d", 4);
        DatasetVersion first = importNow(name, src);
        TestImages.images(src, "cats", "c2-", 2);
        return new DatasetVersion[] {first, importNow(name, src)};
    }

    @Test
    void aDeletedVersionIsGoneAfterARestartAndItsNumberIsNeverGivenAgain() throws Exception {
        DatasetVersion[] two = twoVersions("pets");
        DatasetVersion first = two[0];
        DatasetVersion second = two[1];
        Path src = root.resolve("pets");

        DeleteResult deleted = service.deleteVersion("pets", first.version(), "alice");

        assertThat(deleted.tombstone()).isFalse();
        assertThat(deleted.removed()).containsExactly(first.version());
        assertThat(deleted.bytesFreed()).isPositive();
        assertThat(store.exists(StoreKeys.datasetVersion("pets", first.version()))).isFalse();
        assertThatThrownBy(() -> service.version("pets", first.version()))
                .isInstanceOf(UnknownDatasetException.class).hasMessageContaining("deleted");
        assertThatThrownBy(() -> service.deleteVersion("pets", first.version(), "alice"))
                .isInstanceOf(UnknownDatasetException.class);
        assertThat(deletions).singleElement().satisfies(e -> {
            assertThat(e.dataset()).isEqualTo("pets");
            assertThat(e.version()).isEqualTo(first.version());
            assertThat(e.tombstone()).isFalse();
            assertThat(e.by()).isEqualTo("alice");
        });
        assertThat(service.versions("pets")).extracting(DatasetVersion::version).containsExactly(second.version());

        DatasetService restarted = newService(Executors.newSingleThreadExecutor());
        assertThatThrownBy(() -> restarted.version("pets", first.version()))
                .isInstanceOf(UnknownDatasetException.class);
        restarted.deleteDataset("pets", "bob");
        assertThatThrownBy(() -> restarted.versions("pets")).isInstanceOf(UnknownDatasetException.class);
        assertThat(restarted.datasets()).doesNotContain("pets");
        DatasetService again = newService(Executors.newSingleThreadExecutor());
        service = again;
        DatasetVersion third = importNow("pets", src);
        assertThat(Integer.parseInt(third.version())).as("numbers are never given again")
                .isGreaterThan(Integer.parseInt(second.version()));
        assertThat(deletions.get(1).version()).as("a whole dataset: version null").isNull();
    }

    @Test
    void aVersionAModelNamesIsTombstonedAndTheCollectionReclaimsOnlyItsOwnBlobs() throws Exception {
        Path src = root.resolve("signs");
        TestImages.images(src, "stop", "s", 6);
        TestImages.images(src, "yield", "y", 6);
        DatasetVersion first = importNow("signs", src);
        Set<String> firstBlobs = blobs(manifest("signs", first.version()));
        service.materialise("signs", first.version()); // a tree holding hard links must not keep blobs alive
        // the second version keeps half of the first's images and adds new ones: their blobs are shared
        try (var files = Files.list(src.resolve("stop"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        TestImages.images(src, "stop", "s2-", 6);
        DatasetVersion second = importNow("signs", src);
        DatasetManifest live = manifest("signs", second.version());
        modelNaming("sign-model", "1", "signs", first.version());

        DeleteResult deleted = service.deleteVersion("signs", first.version(), "carol");

        assertThat(deleted.tombstone()).isTrue();
        DatasetVersion tombstone = service.version("signs", first.version());
        assertThat(tombstone.status()).isEqualTo(VersionStatus.DELETED);
        assertThat(tombstone.report().classes()).containsKeys("stop", "yield");
        assertThat(manifest("signs", first.version()).entries()).hasSize(12);
        assertThat(service.verification("signs", first.version())).isNotEmpty();
        assertThat(store.exists(Tombstone.key("signs", first.version()))).isTrue();
        assertThat(store.exists(StoreKeys.datasetVersion("signs", first.version()) + "/" + TreeMaterialiser.TREE))
                .isFalse();
        assertThatThrownBy(() -> service.materialise("signs", first.version()))
                .isInstanceOf(VersionDeletedException.class);
        String namedBy = new String(store.read(Tombstone.key("signs", first.version())), StandardCharsets.UTF_8);
        assertThat(namedBy).contains("sign-model:1").contains("carol");

        DatasetGc.Report report = gc(service, RetentionPolicy.Defaults.KEEP_ALL).run();

        assertThat(report.deferred()).isNull();
        assertThat(report.bytesReclaimed()).isPositive();
        Set<String> onlyFirst = new HashSet<>(firstBlobs);
        onlyFirst.removeAll(blobs(live));
        assertThat(onlyFirst).hasSize(6).allSatisfy(d -> assertThat(store.hasBlob(d)).as(d).isFalse());
        for (DatasetManifest.Entry entry : live.entries()) {
            try (InputStream in = store.openBlob(entry.sha256())) {
                assertThat(Sha256.of(in)).isEqualTo(entry.sha256());
            }
        }
        assertThat(service.materialise("signs", second.version()).verified()).isEqualTo(12);

        DatasetService restarted = newService(Executors.newSingleThreadExecutor());
        assertThat(restarted.version("signs", first.version()).status()).isEqualTo(VersionStatus.DELETED);
        assertThat(restarted.manifest("signs", first.version())).isNotEmpty();
    }

    @Test
    void requestsOfTheSameContentShareTheFateOfTheVersionTheyPointAt() throws Exception {
        Path src = root.resolve("same");
        TestImages.images(src, "a", "a", 3);
        TestImages.images(src, "b", "b", 3);
        DatasetVersion first = importNow("same", src);
        DatasetVersion alias = importNow("same", src);
        assertThat(alias.sameAs()).isEqualTo(first.version());

        DeleteResult deleted = service.deleteVersion("same", first.version(), "dave");

        assertThat(deleted.removed()).containsExactlyInAnyOrder(first.version(), alias.version());
        assertThatThrownBy(() -> service.version("same", alias.version())).isInstanceOf(UnknownDatasetException.class);
        // the content comes back as a new version, not as the same as a deleted one
        DatasetVersion again = importNow("same", src);
        assertThat(again.sameAs()).isNull();
    }

    @Test
    void aDeleteWhileTheImportRunsIsRefused() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService held = Executors.newSingleThreadExecutor();
        held.execute(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DatasetService busy = newService(held);
        Path src = root.resolve("busy");
        TestImages.images(src, "a", "a", 3);
        TestImages.images(src, "b", "b", 3);
        DatasetVersion pending = busy.submit(new ImportRequest("busy", src.toString(), 0.25, 0.0, 3L, null));

        assertThatThrownBy(() -> busy.deleteVersion("busy", pending.version(), "eve"))
                .isInstanceOf(DatasetBusyException.class).hasMessageContaining("PENDING");
        assertThatThrownBy(() -> busy.deleteDataset("busy", "eve")).isInstanceOf(DatasetBusyException.class);
        go.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> busy.version("busy", pending.version()).status().isFinal());
        assertThat(busy.deleteDataset("busy", "eve").removed()).containsExactly(pending.version());
        assertThat(deletions).singleElement();
    }

    @Test
    void namesThatCannotBeADatasetAreRefusedBeforeAnythingIsLookedUp() {
        assertThatThrownBy(() -> service.deleteVersion("../etc", "1", "x"))
                .isInstanceOf(io.sightline.dataset.source.InvalidImportException.class);
        assertThatThrownBy(() -> service.deleteVersion("pets", "1/../2", "x"))
                .isInstanceOf(io.sightline.dataset.source.InvalidImportException.class);
        assertThatThrownBy(() -> service.deleteDataset("nothing-here", "x"))
                .isInstanceOf(UnknownDatasetException.class);
    }

    @Test
    void retentionKeepsExactlyTheLastNAndTombstonesWhatAModelNames() throws Exception {
        Path src = root.resolve("grow");
        TestImages.images(src, "a", "a", 3);
        TestImages.images(src, "b", "b", 3);
        for (int i = 0; i < 5; i++) {
            TestImages.images(src, "a", "n" + i + "-", 1);
            importNow("grow", src);
        }
        modelNaming("grow-model", "3", "grow", "2");
        Retention retention = new Retention(store, service, RetentionPolicy.Defaults.KEEP_ALL, Clock.systemUTC());
        retention.set("grow", new RetentionPolicy(2, null));

        DatasetGc.Report report = gc(service, RetentionPolicy.Defaults.KEEP_ALL).run();

        assertThat(report.datasetVersionsDeleted()).isEqualTo(3);
        assertThat(service.versions("grow")).extracting(DatasetVersion::version, DatasetVersion::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2", VersionStatus.DELETED),
                        org.assertj.core.groups.Tuple.tuple("4", VersionStatus.READY),
                        org.assertj.core.groups.Tuple.tuple("5", VersionStatus.READY));
        assertThat(deletions).extracting(DatasetDeleted::by).containsOnly(Retention.BY);
        assertThat(retention.view("grow").effectiveKeepLast()).isEqualTo(2);
        assertThatThrownBy(() -> retention.set("grow", new RetentionPolicy(-1, null)))
                .isInstanceOf(io.sightline.dataset.source.InvalidImportException.class);
        // a second run finds nothing more to do
        assertThat(gc(service, RetentionPolicy.Defaults.KEEP_ALL).run().datasetVersionsDeleted()).isZero();
    }

    @Test
    void theNewestReadyVersionOutlivesEveryAgeLimit() {
        java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");
        List<DatasetVersion> shown = List.of(old("1", now), old("2", now), old("3", now));
        RetentionPolicy.Effective rule = new RetentionPolicy(null, 1).over(RetentionPolicy.Defaults.KEEP_ALL);

        assertThat(Retention.doomed(shown, rule, now)).containsExactly("1", "2");
        assertThat(Retention.doomed(shown, new RetentionPolicy(5, null).over(RetentionPolicy.Defaults.KEEP_ALL), now))
                .isEmpty();
        assertThat(Retention.doomed(shown.subList(0, 1), new RetentionPolicy(1, 1)
                .over(RetentionPolicy.Defaults.KEEP_ALL), now)).isEmpty();
    }

    private static DatasetVersion old(String version, java.time.Instant now) {
        java.time.Instant at = now.minus(Duration.ofDays(10));
        return new DatasetVersion("d", version, VersionStatus.READY, "digest" + version, null, null, List.of(), null,
                at, at);
    }

    @Test
    void aCollectionStartedWhileAnImportWritesIsDeferredAndTheImportLosesNothing() throws Exception {
        Path src = root.resolve("big");
        TestImages.images(src, "a", "a", 400);
        TestImages.images(src, "b", "b", 400);
        DatasetGc gc = gc(service, RetentionPolicy.Defaults.KEEP_ALL);
        DatasetVersion submitted = service.submit(new ImportRequest("big", src.toString(), 0.25, 0.0, 3L, null));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                .until(() -> !store.list(StoreKeys.GC_HOLDS).isEmpty());

        DatasetGc.Report during = gc.run();

        assertThat(during.deferred()).contains("import big@" + submitted.version());
        assertThat(during.looseBlobsDeleted()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> service.version("big", submitted.version()).status()
                .isFinal());
        DatasetVersion done = service.version("big", submitted.version());
        assertThat(done.status()).as(done.reason()).isEqualTo(VersionStatus.READY);
        assertThat(done.report().passed()).isTrue();
        assertThat(store.list(StoreKeys.GC_HOLDS)).as("the hold ends with the import").isEmpty();
        DatasetGc.Report after = gc.run();
        assertThat(after.deferred()).isNull();
        assertThat(service.materialise("big", submitted.version()).verified()).isEqualTo(800);
    }
}
