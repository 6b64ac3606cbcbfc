package io.sightline.dataset.importing;

import io.sightline.dataset.source.FileStamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.dataset.split.SplitMode;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Sha256;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetImporterTest {

    @TempDir
    Path base;

    private Path importRoot;
    private Path source;
    private FileArtifactStore store;

    @BeforeEach
    void setUp() throws Exception {
        importRoot = Files.createDirectories(base.resolve("imports")).toRealPath();
        source = importRoot.resolve("animals");
        store = new FileArtifactStore(base.resolve("store"));
    }

    private ImportSpec spec(double testRatio, double validationRatio, long seed) {
        DatasetSettings settings = new DatasetSettings(List.of(importRoot), 0.2, 0, 42, SplitMode.STABLE,
                CorruptFilePolicy.REJECT);
        return new ImportValidator(settings).validate(
                new ImportRequest("animals", "file:" + source, testRatio, validationRatio, seed, null));
    }

    private DatasetImporter importer(CorruptFilePolicy policy) {
        return new DatasetImporter(store, policy, Clock.systemUTC());
    }

    @Test
    void aVerifiedImportIsPublishedWithManifestAndReportAndOriginalsUntouched() throws Exception {
        TestImages.images(source, "cats", "c", 6);
        TestImages.png(source.resolve("cats/indoor/deep/c-nested.png"), 20, 12);
        TestImages.images(source, "dogs", "d", 5);
        Files.copy(source.resolve("dogs/d0.png"), source.resolve("dogs/d0-copy.png")); // same content twice
        Files.writeString(source.resolve("cats/.DS_Store"), "x");
        Files.writeString(source.resolve("dogs/Thumbs.db"), "x");
        Files.writeString(source.resolve("dogs/desktop.ini"), "x");
        TestImages.png(source.resolve("dogs/.hidden.png"), 16, 16);
        Files.createDirectories(source.resolve("cats/.git"));
        Files.writeString(source.resolve("cats/.git/config"), "x");
        Files.writeString(source.resolve("README.txt"), "not in a class folder");
        TestImages.png(source.resolve(".trash/cats/old.png"), 16, 16);
        Map<String, byte[]> before = TestImages.snapshot(source);
        Map<String, Integer> expectedCounts = TestImages.countsPerClass(source);

        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.3, 0, 1), "1");
        VerificationReport report = importer.prepare(staging);
        DatasetManifest published = importer.publish(staging, report);

        assertThat(report.problems()).isEmpty();
        assertThat(report.passed()).isTrue();
        DatasetManifest manifest = StoreJson.read(store.read(StoreKeys.manifest("animals", "1")), DatasetManifest.class);
        assertThat(manifest).isEqualTo(published);
        assertThat(manifest.classes()).containsExactly("cats", "dogs");
        assertThat(manifest.digest()).isEqualTo(DatasetManifest.digestOf(manifest.entries()));
        Map<String, Long> perClass = manifest.entries().stream()
                .collect(Collectors.groupingBy(DatasetManifest.Entry::className, Collectors.counting()));
        assertThat(perClass).containsOnlyKeys(expectedCounts.keySet());
        expectedCounts.forEach((cls, n) -> assertThat(perClass.get(cls)).as(cls).isEqualTo(n.longValue()));
        DatasetManifest.Entry nested = manifest.entries().stream()
                .filter(e -> e.path().equals("cats/indoor/deep/c-nested.png")).findFirst().orElseThrow();
        assertThat(nested.className()).isEqualTo("cats");
        assertThat(nested.width()).isEqualTo(20);
        assertThat(nested.height()).isEqualTo(12);
        for (DatasetManifest.Entry e : manifest.entries()) {
            assertThat(store.openBlob(e.sha256()).readAllBytes()).isEqualTo(before.get(e.path()));
        }
        // the duplicate is reported and both copies are on one side
        assertThat(report.duplicates()).singleElement().satisfies(d ->
                assertThat(d.paths()).containsExactly("dogs/d0-copy.png", "dogs/d0.png"));
        assertThat(manifest.entries().stream().filter(e -> e.path().startsWith("dogs/d0"))
                .map(DatasetManifest.Entry::split).distinct()).hasSize(1);
        // hidden, system and stray files: ignored and counted
        assertThat(report.ignored()).extracting(SourceScanner.IgnoredFile::path).containsExactlyInAnyOrder(
                "cats/.DS_Store", "dogs/Thumbs.db", "dogs/desktop.ini", "dogs/.hidden.png", "cats/.git/config",
                "README.txt", ".trash/cats/old.png");
        assertThat(report.ignoredCount()).isEqualTo(7);
        // counts reconcile with the source, and the stored report says so
        assertThat(report.totals().reconciled()).isTrue();
        assertThat(report.totals().source()).isEqualTo(manifest.entries().size());
        assertThat(report.blobsChecked()).isEqualTo(manifest.entries().size() - 1);
        assertThat(report.originalsChecked()).isEqualTo(manifest.entries().size());
        VerificationReport stored = importer.readReport("animals", "1");
        assertThat(stored.timingsMs()).containsKeys("scan", "read", "split", "copy", "verify", "publish", "total");
        // what the service keeps in its catalog without reading the report back is what was stored
        assertThat(importer.storedReport(staging, report)).usingRecursiveComparison().isEqualTo(stored);
        assertThat(stored.classes().get("cats").test()).isEqualTo(manifest.entries(DatasetManifest.TEST).stream()
                .filter(e -> e.className().equals("cats")).count());
        // the originals are exactly as they were
        assertThat(TestImages.snapshot(source)).containsOnlyKeys(before.keySet())
                .allSatisfy((path, bytes) -> assertThat(bytes).isEqualTo(before.get(path)));
    }

    @Test
    void aMissingAndAModifiedBlobPlantedBetweenCopyAndCheckRejectTheImport() throws Exception {
        store = new FileArtifactStore(base.resolve("loose-store"), 0); // every blob a file of its own
        TestImages.images(source, "cats", "c", 4);
        TestImages.images(source, "dogs", "d", 4);
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        importer.copy(staging);

        Staging.StagedFile gone = staging.files().get(1);
        Staging.StagedFile altered = staging.files().get(5);
        Files.delete(store.localBlob(gone.sha256()).orElseThrow());
        Files.write(store.localBlob(altered.sha256()).orElseThrow(), "not the picture".getBytes(StandardCharsets.UTF_8));
        VerificationReport report = importer.verify(staging);

        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).containsExactlyInAnyOrder(
                "missing: " + gone.path(), "modified: " + altered.path());
        assertThat(DatasetVersion.reasonOf(report.problems())).startsWith("2 problems: ")
                .contains(gone.path()).contains(altered.path());
        assertThat(store.exists(StoreKeys.datasetVersion("animals", "1"))).isFalse();
    }

    @Test
    void aMissingLooseBlobAndBytesChangedInsideAPackRejectTheImport() throws Exception {
        TestImages.images(source, "cats", "c", 4);
        TestImages.images(source, "dogs", "d", 4);
        long packUpTo;
        try (Stream<Path> files = Files.walk(source)) {
            packUpTo = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).max().orElseThrow();
        }
        Path big = TestImages.png(source.resolve("dogs/big.png"), 64, 64);
        assertThat(Files.size(big)).isGreaterThan(packUpTo);
        store = new FileArtifactStore(base.resolve("packing-store"), packUpTo); // big.png stays a loose file
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        importer.copy(staging);

        Staging.StagedFile gone = staging.files().stream().filter(f -> f.path().equals("dogs/big.png"))
                .findFirst().orElseThrow();
        Staging.StagedFile altered = staging.files().stream().filter(f -> f.path().equals("cats/c2.png"))
                .findFirst().orElseThrow();
        assertThat(store.localBlob(altered.sha256())).isEmpty(); // packed
        Files.delete(store.localBlob(gone.sha256()).orElseThrow());
        List<Path> packs;
        try (Stream<Path> files = Files.list(store.root().resolve("blobs/packs"))) {
            packs = files.filter(p -> p.toString().endsWith(".pack")).toList();
        }
        assertThat(packs).hasSize(1); // one copy, one pack
        Path pack = packs.get(0);
        byte[] packed = Files.readAllBytes(pack);
        int at = indexOf(packed, Files.readAllBytes(altered.original()));
        assertThat(at).isPositive();
        try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("bit rot".getBytes(StandardCharsets.UTF_8)), at + 20);
        }
        VerificationReport report = importer.verify(staging);

        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).containsExactlyInAnyOrder(
                "missing: " + gone.path(), "modified: " + altered.path());
        assertThat(report.blobsChecked()).isEqualTo(9);
        assertThat(store.exists(StoreKeys.datasetVersion("animals", "1"))).isFalse();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void blobsPutWhileReadingBecomeVisibleOnlyWhenTheCopyStageCommitsThem() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);

        try (BlobBatch blobs = store.newBlobBatch()) {
            Staging staging = importer.ingest(spec(0.25, 0, 1), "1", new ImportProgress(), blobs);
            assertThat(staging.files()).hasSize(6).noneMatch(f -> store.hasBlob(f.sha256()));

            VerificationReport report = importer.prepare(staging, blobs);

            assertThat(report.problems()).isEmpty();
            assertThat(report.blobsChecked()).isEqualTo(6);
            assertThat(staging.files()).allMatch(f -> store.hasBlob(f.sha256()));
        }
    }

    @Test
    void blobsPutWhileReadingAreDiscardedWhenIngestFindsAProblem() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        Files.writeString(source.resolve("dogs/broken.png"), "no png here");
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);

        try (BlobBatch blobs = store.newBlobBatch()) {
            Staging staging = importer.ingest(spec(0.25, 0, 1), "1", new ImportProgress(), blobs);
            assertThat(importer.prepare(staging, blobs).passed()).isFalse();
        }

        assertThat(store.list("blobs")).isEmpty();
        assertThat(store.list("tmp")).isEmpty();
    }

    @Test
    void anOriginalChangedAfterCopyingIsCaught() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        importer.copy(staging);

        TestImages.png(source.resolve("dogs/d1.png"), 16, 16);
        Files.delete(source.resolve("cats/c2.png"));
        TestImages.png(source.resolve("cats/late.png"), 16, 16);
        VerificationReport report = importer.verify(staging);

        assertThat(report.problems()).containsExactlyInAnyOrder("original changed: dogs/d1.png",
                "original removed: cats/c2.png", "not in manifest: cats/late.png");
    }

    @Test
    void originalsUntouchedSinceTheirStampAreNotReadAgainAndASameSizeWriteIsStillCaught() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        Thread.sleep(FileStamp.RACY.toMillis() + 300); // older than the racy window, as a dataset on disk is
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        importer.copy(staging);

        Path changed = source.resolve("dogs/d1.png");
        byte[] bytes = Files.readAllBytes(changed);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(changed);
        bytes[bytes.length / 2] ^= 1;
        Files.write(changed, bytes); // same size, and the modification time put back
        Files.setLastModifiedTime(changed, modified);
        VerificationReport report = importer.verify(staging);

        assertThat(report.problems()).containsExactly("original changed: dogs/d1.png");
        assertThat(report.originalsChecked()).isEqualTo(6);
        assertThat(report.originalsRehashed()).as("only the original whose stamp moved is read again").isEqualTo(1);
    }

    @Test
    void aFolderImportedAgainIsReadOnlyWhereItChanged() throws Exception {
        TestImages.images(source, "cats", "c", 4);
        TestImages.images(source, "dogs", "d", 4);
        Path rewritten = source.resolve("dogs/d1.png");
        byte[] old = Files.readAllBytes(rewritten);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(rewritten);
        Thread.sleep(FileStamp.RACY.toMillis() + 300); // older than the racy window, as a dataset on disk is
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        VerificationReport first = importWithBatch(importer, "1");
        assertThat(first.passed()).isTrue();
        assertThat(first.originalsKnown()).isZero();

        TestImages.png(rewritten, 16, 16); // other pixels, the modification time put back: its ctime moved
        Files.setLastModifiedTime(rewritten, modified);
        TestImages.png(source.resolve("cats/new.png"), 16, 16);
        Thread.sleep(FileStamp.RACY.toMillis() + 300);
        Staging again;
        VerificationReport second;
        try (BlobBatch blobs = store.newBlobBatch()) {
            again = importer.ingest(spec(0.25, 0, 1), "2", new ImportProgress(), blobs);
            second = importer.prepare(again, blobs);
        }

        assertThat(second.problems()).isEmpty();
        assertThat(second.originalsKnown()).as("the 7 files untouched since the first import").isEqualTo(7);
        assertThat(second.blobsChecked()).isEqualTo(9);
        Map<String, String> digests = new java.util.HashMap<>();
        again.files().forEach(f -> digests.put(f.path(), f.sha256()));
        assertThat(digests.get("dogs/d1.png")).isEqualTo(Sha256.of(Files.readAllBytes(rewritten)))
                .isNotEqualTo(Sha256.of(old));
        assertThat(digests.get("cats/new.png")).isEqualTo(Sha256.of(Files.readAllBytes(source.resolve("cats/new.png"))));
        assertThat(digests.get("cats/c0.png")).isEqualTo(Sha256.of(Files.readAllBytes(source.resolve("cats/c0.png"))));
        assertThat(importer.publish(again, second).entries()).hasSize(9);
    }

    @Test
    void aFolderImportedAgainIntoAStoreWithoutItsBlobsIsReadWhole() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        Thread.sleep(FileStamp.RACY.toMillis() + 300);
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging;
        try (BlobBatch blobs = store.newBlobBatch()) {
            staging = importer.ingest(spec(0.25, 0, 1), "1", new ImportProgress(), blobs);
            // never committed: the batch is discarded, and the store holds none of the blobs
        }

        VerificationReport report = importWithBatch(importer, "2");

        assertThat(staging.files()).hasSize(6);
        assertThat(report.passed()).isTrue();
        assertThat(report.originalsKnown()).isZero();
        assertThat(report.blobsChecked()).isEqualTo(6);
    }

    /** Ingests with the copy made while reading, as the service does, verifies and publishes when it passed. */
    private VerificationReport importWithBatch(DatasetImporter importer, String version) throws Exception {
        Staging staging;
        VerificationReport report;
        try (BlobBatch blobs = store.newBlobBatch()) {
            staging = importer.ingest(spec(0.25, 0, 1), version, new ImportProgress(), blobs);
            report = importer.prepare(staging, blobs);
        }
        if (report.passed()) {
            importer.publish(staging, report);
        }
        return report;
    }

    @Test
    void filesAddedOrRemovedAfterCopyingAreCaughtWhenTheSourceIsOld() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        Files.writeString(source.resolve("dogs/notes.txt"), "kept aside");
        Thread.sleep(FileStamp.RACY.toMillis() + 300); // no stamp is racy: the walk is skipped unless one moved
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        importer.copy(staging);
        assertThat(importer.verify(staging).problems()).isEmpty();

        Files.delete(source.resolve("cats/c2.png"));
        TestImages.png(source.resolve("dogs/late.png"), 16, 16);
        VerificationReport report = importer.verify(staging);

        assertThat(report.problems()).containsExactlyInAnyOrder("original removed: cats/c2.png",
                "not in manifest: dogs/late.png");
    }

    @Test
    void originalsChangedJustBeforeTheImportAreReadAgain() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        importer.copy(staging);

        VerificationReport report = importer.verify(staging);

        assertThat(report.problems()).isEmpty();
        assertThat(report.originalsRehashed()).as("racy stamps prove nothing").isEqualTo(6);
    }

    @Test
    void pluginFormatsDecodeAndASingleImageClassGoesToTrainWithANote() throws Exception {
        TestImages.images(source, "cats", "c", 4);
        TestImages.pgm(source.resolve("cats/scan.pgm"), 7, 5);
        TestImages.png(source.resolve("lonely/only.png"), 16, 16);

        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        VerificationReport report = importer.prepare(staging);

        assertThat(report.problems()).isEmpty();
        assertThat(staging.files()).filteredOn(f -> f.path().equals("cats/scan.pgm")).singleElement()
                .satisfies(f -> {
                    assertThat(f.width()).isEqualTo(7);
                    assertThat(f.height()).isEqualTo(5);
                });
        assertThat(report.classes().get("lonely")).isEqualTo(new VerificationReport.ClassCount(1, 1, 0, 0, 0));
        assertThat(report.notes()).anyMatch(n -> n.contains("lonely") && n.contains("train"));
        assertThat(report.classes().get("cats").test()).isPositive();
    }

    @Test
    void aCorruptFileRejectsTheImportUnlessThePolicyExcludesIt() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        Files.writeString(source.resolve("dogs/broken.png"), "no png here");
        Files.write(source.resolve("cats/empty.jpg"), new byte[0]);
        byte[] png = Files.readAllBytes(source.resolve("cats/c0.png"));
        Files.write(source.resolve("cats/truncated.png"), java.util.Arrays.copyOf(png, png.length / 2));

        DatasetImporter rejecting = importer(CorruptFilePolicy.REJECT);
        VerificationReport rejected = rejecting.prepare(rejecting.ingest(spec(0.25, 0, 1), "1"));

        assertThat(rejected.passed()).isFalse();
        assertThat(rejected.problems()).hasSize(3).contains(
                "corrupt: cats/empty.jpg (empty file)", "corrupt: dogs/broken.png (not a recognised image format)")
                .anyMatch(p -> p.startsWith("corrupt: cats/truncated.png (does not decode"));
        assertThat(store.list("blobs")).isEmpty(); // nothing was copied

        DatasetImporter excluding = importer(CorruptFilePolicy.EXCLUDE);
        Staging staging = excluding.ingest(spec(0.25, 0, 1), "2");
        VerificationReport excluded = excluding.prepare(staging);

        assertThat(excluded.problems()).isEmpty();
        assertThat(excluded.corrupt()).extracting(VerificationReport.CorruptFile::path)
                .containsExactly("cats/empty.jpg", "cats/truncated.png", "dogs/broken.png");
        assertThat(excluded.classes().get("dogs").excluded()).isEqualTo(1);
        assertThat(excluded.totals()).satisfies(t -> {
            assertThat(t.source()).isEqualTo(9);
            assertThat(t.manifest()).isEqualTo(6);
            assertThat(t.reconciled()).isTrue();
        });
    }

    @Test
    void aSymlinkLeadingOutOfTheImportRootRejectsTheImport() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        Path outside = TestImages.png(base.resolve("secret/passwd.png"), 16, 16);
        Files.createSymbolicLink(source.resolve("cats/link.png"), outside);
        Files.createSymbolicLink(source.resolve("dogs/linked-folder"), outside.getParent());
        Files.createSymbolicLink(source.resolve("dogs/inside.png"), source.resolve("cats/c0.png"));

        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging staging = importer.ingest(spec(0.25, 0, 1), "1");
        VerificationReport report = importer.prepare(staging);

        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).containsExactlyInAnyOrder(
                "escapes import root: cats/link.png", "escapes import root: dogs/linked-folder/",
                // the link inside the root is read, and puts a cat's picture among the dogs
                "label conflict: the same content is in classes cats and dogs: cats/c0.png, dogs/inside.png");
        assertThat(staging.files()).extracting(Staging.StagedFile::path).contains("dogs/inside.png")
                .doesNotContain("cats/link.png");
        assertThat(store.list("blobs")).isEmpty();
    }

    @Test
    void aLinkedFolderInsideTheRootIsReadAsAClassAndALinkLoopRejects() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(base.resolve("elsewhere-inside"), "dogs", "d", 3);
        // inside the root, but in a hidden folder the walk itself skips: read only through the link
        Files.createDirectories(source.resolve(".kept"));
        Files.move(base.resolve("elsewhere-inside/dogs"), source.resolve(".kept/dogs"));
        Files.createSymbolicLink(source.resolve("dogs"), source.resolve(".kept/dogs"));

        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);
        Staging linked = importer.ingest(spec(0.25, 0, 1), "1");
        assertThat(linked.problems()).isEmpty();
        assertThat(linked.files()).extracting(Staging.StagedFile::path)
                .contains("dogs/d0.png", "dogs/d2.png", "cats/c0.png").noneMatch(p -> p.startsWith(".kept"));

        Files.createSymbolicLink(source.resolve("cats/loop"), source.resolve("cats"));
        Staging looped = importer.ingest(spec(0.25, 0, 1), "2");
        assertThat(looped.problems()).anyMatch(p -> p.startsWith("symlink loop: cats/loop"));
    }

    @Test
    void theSameSourceAndSeedGiveTheSameDigestAndAnotherSeedAnother() throws Exception {
        TestImages.images(source, "cats", "c", 8);
        TestImages.images(source, "dogs", "d", 8);
        DatasetImporter importer = importer(CorruptFilePolicy.REJECT);

        String first = importer.ingest(spec(0.3, 0, 5), "1").digest();
        String again = importer.ingest(spec(0.3, 0, 5), "2").digest();
        Set<String> others = Set.of(importer.ingest(spec(0.3, 0, 6), "3").digest(),
                importer.ingest(spec(0.3, 0, 7), "4").digest());

        assertThat(again).isEqualTo(first);
        assertThat(others).doesNotContain(first);
    }
}
