package io.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.TreeMaterialiser;
import io.sightline.dataset.catalog.TreeMismatchException;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.S3Connection;
import io.sightline.dataset.source.S3Connections;
import io.sightline.dataset.source.S3Source;
import io.sightline.dataset.source.SourceLimits;
import io.sightline.dataset.split.SplitMode;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.S3Proxy;
import io.sightline.storage.Sha256;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive uploads and s3:// sources through the service, and materialised train/test trees. */
class FetchedSourcesAndTreesTest {

    @TempDir
    Path base;

    private Path root;
    private Path work;
    private FileArtifactStore store;
    private DatasetService service;
    private final List<Object> events = new CopyOnWriteArrayList<>();

    private final DatasetEvents recording = new DatasetEvents() {
        @Override
        public void split(DatasetSplit event) {
            events.add(event);
        }

        @Override
        public void rejected(DatasetRejected event) {
            events.add(event);
        }

        @Override
        public void deleted(io.sightline.events.DatasetDeleted event) {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("imports")).toRealPath();
        work = base.resolve("work");
        store = new FileArtifactStore(base.resolve("store"));
        service = service(null);
    }

    private DatasetService service(S3Source s3) throws Exception {
        DatasetSettings settings = new DatasetSettings(List.of(root), 0.25, 0, 42, SplitMode.STABLE,
                CorruptFilePolicy.REJECT).withSources(new SourceLimits(1 << 20, 100, 8L << 20, 50), work);
        return new DatasetService(store, settings, recording, new SimpleMeterRegistry(),
                Executors.newSingleThreadExecutor(), Clock.systemUTC(),
                s3 == null ? new S3Source(settings.limits(), S3Connections.NONE) : s3).recover();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private DatasetVersion awaitFinal(DatasetVersion submitted) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.version(submitted.dataset(), submitted.version()).status().isFinal());
        return service.version(submitted.dataset(), submitted.version());
    }

    private Map<String, byte[]> images(int perClass) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        for (String cls : List.of("cats", "dogs")) {
            for (int i = 0; i < perClass; i++) {
                Path png = TestImages.png(base.resolve("gen").resolve(cls + i + ".png"), 12, 12);
                files.put("set/" + cls + "/" + i + ".png", Files.readAllBytes(png));
            }
        }
        return files;
    }

    private DatasetVersion upload(byte[] archive) throws Exception {
        Path received = service.receiveUpload(new ByteArrayInputStream(archive), archive.length);
        return service.submitArchive(new ImportRequest("up", null, 0.25, null, null, null), received);
    }

    @Test
    void anUploadedZipIsImportedAndItsWorkFilesAreRemoved() throws Exception {
        byte[] zip = TestArchives.zip(images(4));
        DatasetVersion done = awaitFinal(upload(zip));

        assertThat(done.status()).as(String.valueOf(done.problems())).isEqualTo(VersionStatus.READY);
        assertThat(done.report().source()).isEqualTo("archive:sha256:" + Sha256.of(zip));
        assertThat(done.report().totals().manifest()).isEqualTo(8);
        assertThat(done.report().timingsMs()).containsKey("fetch");
        try (Stream<Path> left = Files.walk(work)) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void aHostileArchiveIsRejectedWithItsReasonAndAnOversizedOneRefusedAtTheDoor() throws Exception {
        Map<String, byte[]> files = images(3);
        files.put("set/cats/../../../escape.png", files.values().iterator().next());
        DatasetVersion done = awaitFinal(upload(TestArchives.zip(files)));

        assertThat(done.status()).isEqualTo(VersionStatus.REJECTED);
        assertThat(done.reason()).contains("'..'");
        assertThat(events).last().isInstanceOf(DatasetRejected.class);
        assertThat(base.resolve("escape.png")).doesNotExist();
        assertThat(store.list(StoreKeys.DATASETS)).isEmpty();

        assertThatThrownBy(() -> service.receiveUpload(new ByteArrayInputStream(new byte[(1 << 20) + 1]), -1))
                .isInstanceOf(UploadTooLargeException.class);
        assertThatThrownBy(() -> service.receiveUpload(new ByteArrayInputStream(new byte[1]), 5L << 20))
                .isInstanceOf(UploadTooLargeException.class);
        try (Stream<Path> left = Files.walk(work)) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    @Tag("process") // s3proxy runs as its own JVM
    void anS3SourceIsListedDownloadedAndImported() throws Exception {
        try (S3Proxy proxy = S3Proxy.start(Files.createDirectories(base.resolve("s3")))) {
            proxy.createBucket("data");
            try (var s3 = proxy.client()) {
                for (Map.Entry<String, byte[]> f : images(4).entrySet()) {
                    s3.putObject(b -> b.bucket("data").key("raw/" + f.getKey()),
                            software.amazon.awssdk.core.sync.RequestBody.fromBytes(f.getValue()));
                }
                s3.putObject(b -> b.bucket("data").key("raw/set/"), // a folder marker some tools write
                        software.amazon.awssdk.core.sync.RequestBody.empty());
            }
            service.close();
            // the endpoint is configuration, a named connection; the request names only bucket and prefix
            S3Connection lab = new S3Connection("lab", proxy.endpoint(), "us-east-1", Set.of("data", "absent"),
                    S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
            try (ServerSocket closed = new ServerSocket(0)) {
                S3Connection gone = new S3Connection("gone", URI.create("http://127.0.0.1:" + closed.getLocalPort()),
                        "us-east-1", Set.of("data"), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
                closed.close(); // nothing listens there any more
                service = service(new S3Source(SourceLimits.DEFAULTS,
                        new S3Connections(Map.of("lab", lab, "gone", gone), "lab")));
            }

            DatasetVersion done = awaitFinal(service.submit(
                    new ImportRequest("bucketed", "s3://data/raw/set", null, null, null, null)));

            assertThat(done.status()).as(String.valueOf(done.problems())).isEqualTo(VersionStatus.READY);
            assertThat(done.report().source()).isEqualTo("s3://data/raw/set");
            assertThat(done.report().classes()).containsOnlyKeys("cats", "dogs");
            assertThat(done.report().totals().manifest()).isEqualTo(8);

            DatasetVersion named = awaitFinal(service.submit(
                    new ImportRequest("bucketed", "s3://data/raw/set?connection=lab", null, null, null, null)));
            assertThat(named.status()).as(String.valueOf(named.problems())).isEqualTo(VersionStatus.READY);

            DatasetVersion missing = awaitFinal(service.submit(
                    new ImportRequest("bucketed", "s3://data/nothing-here", null, null, null, null)));
            assertThat(missing.status()).isEqualTo(VersionStatus.REJECTED);
            assertThat(missing.reason()).contains("no objects");

            // the server's own words (NoSuchBucket, its message, its address) never reach the reason
            DatasetVersion noBucket = awaitFinal(service.submit(
                    new ImportRequest("bucketed", "s3://absent/x", null, null, null, null)));
            assertThat(noBucket.reason()).isEqualTo("s3 source cannot be read: bucket absent on connection lab:"
                    + " not found");
            DatasetVersion unreachable = awaitFinal(service.submit(
                    new ImportRequest("bucketed", "s3://data/x?connection=gone", null, null, null, null)));
            assertThat(unreachable.reason()).isEqualTo("s3 source cannot be read: bucket data on connection gone:"
                    + " unreachable");

            assertThatThrownBy(() -> service.submit(new ImportRequest("bucketed", "s3://other/raw/set", null, null,
                    null, null))).isInstanceOf(InvalidImportException.class).hasMessageContaining("not allowed");
        }
    }

    @Test
    void aTreeOfPackedBlobsIsMaterialisedWithCopiesVerifiedAndATamperedTreeIsCaught() throws Exception {
        TreeMaterialiser.Tree tree = materialiseAndTamper();

        assertThat(tree.hardLinks()).isZero();
        assertThat(tree.copies()).isEqualTo(10);
    }

    @Test
    void aTreeOfLooseBlobsIsMaterialisedWithHardLinks() throws Exception {
        service.close();
        store = new FileArtifactStore(base.resolve("loose-store"), 0);
        service = service(null);

        TreeMaterialiser.Tree tree = materialiseAndTamper();

        assertThat(tree.hardLinks()).isEqualTo(10);
        DatasetManifest manifest = StoreJson.read(store.read(StoreKeys.manifest("pets", "1")), DatasetManifest.class);
        for (DatasetManifest.Entry e : manifest.entries()) {
            Path file = Path.of(tree.path()).resolve(e.split()).resolve(e.path());
            Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            assertThat(inode).isEqualTo(Files.readAttributes(store.localBlob(e.sha256()).orElseThrow(),
                    BasicFileAttributes.class).fileKey());
        }
    }

    /** Imports 10 images, materialises their tree, checks it, asks again, then plants a stray file. */
    private TreeMaterialiser.Tree materialiseAndTamper() throws Exception {
        Path src = root.resolve("pets");
        TestImages.images(src, "cats", "c", 5);
        TestImages.images(src, "dogs", "d", 5);
        DatasetVersion done = awaitFinal(service.submit(new ImportRequest("pets", src.toString(), null, null, null, null)));
        assertThat(done.status()).isEqualTo(VersionStatus.READY);

        TreeMaterialiser.Tree tree = service.materialise("pets", "1");

        assertThat(tree.created()).isTrue();
        assertThat(tree.files()).isEqualTo(10);
        assertThat(tree.verified()).isEqualTo(10);
        DatasetManifest manifest = StoreJson.read(store.read(StoreKeys.manifest("pets", "1")), DatasetManifest.class);
        Path dir = Path.of(tree.path());
        for (DatasetManifest.Entry e : manifest.entries()) {
            assertThat(Sha256.of(dir.resolve(e.split()).resolve(e.path()))).isEqualTo(e.sha256());
        }
        assertThat(dir.resolve("train/cats")).isDirectory();
        assertThat(dir.resolve("test")).isDirectory();

        TreeMaterialiser.Tree again = service.materialise("pets", "1");
        assertThat(again.created()).isFalse();
        assertThat(again.verified()).isEqualTo(10);

        Files.writeString(dir.resolve("train/stray.png"), "extra");
        assertThatThrownBy(() -> service.materialise("pets", "1"))
                .isInstanceOf(TreeMismatchException.class).hasMessageContaining("holds 11 files");
        Files.delete(dir.resolve("train/stray.png"));
        return tree;
    }
}
