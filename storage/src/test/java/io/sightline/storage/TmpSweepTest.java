package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmpSweepTest {

    private static final Duration STALE = FileArtifactStore.DEFAULT_TMP_GRACE.plusHours(1);
    private static final Duration ALMOST_STALE = FileArtifactStore.DEFAULT_TMP_GRACE.minusHours(1);

    @TempDir
    Path base;

    @Test
    void openingTheStoreRemovesStagingUntouchedForTheGraceAndKeepsTheRest() throws Exception {
        Path root = base.resolve("store");
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        // what a writer killed mid-write leaves: a streamed blob, a publication, a batch, a pack of the old layout
        file(tmp.resolve("blob-killed"), 1000);
        file(tmp.resolve("pub-killed/model/weights.params"), 3000);
        file(tmp.resolve("pub-killed/model/deeper/labels.txt"), 20);
        file(tmp.resolve("batch-killed/pack-1"), 5000);
        file(tmp.resolve("batch-killed/blob-2"), 700);
        file(tmp.resolve("pack-killed"), 400);
        for (String stale : List.of("blob-killed", "pub-killed", "batch-killed", "pack-killed")) {
            age(tmp.resolve(stale), STALE);
        }
        // what live writers are at: just written, idle for less than the grace, or a folder written into lately
        file(tmp.resolve("blob-fresh"), 10);
        file(tmp.resolve("pub-idle/metrics.json"), 10);
        age(tmp.resolve("pub-idle"), ALMOST_STALE);
        file(tmp.resolve("batch-busy/pack-1"), 10);
        file(tmp.resolve("batch-busy/sub/blob-2"), 10);
        file(tmp.resolve("batch-busy/sub/blob-3"), 10);
        age(tmp.resolve("batch-busy"), STALE);
        Files.write(tmp.resolve("batch-busy/sub/blob-3"), new byte[10]); // only this one file is fresh

        FileArtifactStore store = new FileArtifactStore(root);
        TmpSweep.Result swept = store.sweptOnOpen().get(30, TimeUnit.SECONDS);

        assertThat(swept).isEqualTo(new TmpSweep.Result(4, 1000 + 3000 + 20 + 5000 + 700 + 400, 0));
        assertThat(names(tmp)).containsExactlyInAnyOrder("blob-fresh", "pub-idle", "batch-busy");
        assertThat(tmp.resolve("batch-busy/sub/blob-2")).exists();

        // and the store works on
        byte[] content = "after the sweep".getBytes(StandardCharsets.UTF_8);
        BlobRef blob = store.putBlob(new ByteArrayInputStream(content));
        try (BlobBatch batch = store.newBlobBatch()) {
            batch.put(new ByteArrayInputStream("packed".getBytes(StandardCharsets.UTF_8)));
            batch.commit();
        }
        try (Publication pub = store.publish("models/m/1")) {
            Files.writeString(pub.directory().resolve("a"), "a");
            pub.commit();
        }
        assertThat(store.openBlob(blob.sha256()).readAllBytes()).isEqualTo(content);
        assertThat(store.hasBlob(Sha256.of("packed".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(store.read("models/m/1/a")).asString(StandardCharsets.UTF_8).isEqualTo("a");
        assertThat(names(tmp)).containsExactlyInAnyOrder("blob-fresh", "pub-idle", "batch-busy");
    }

    @Test
    void aSymbolicLinkIsRemovedAsALinkAndItsTargetIsLeftAlone() throws Exception {
        Path outside = base.resolve("outside");
        file(outside.resolve("precious.txt"), 123);
        FileTime targetTime = Files.getLastModifiedTime(outside.resolve("precious.txt"));
        Path tmp = Files.createDirectories(base.resolve("store/tmp"));
        Files.createSymbolicLink(tmp.resolve("link-to-folder"), outside);
        Files.createDirectories(tmp.resolve("pub-killed"));
        Files.createSymbolicLink(tmp.resolve("pub-killed/link-to-file"), outside.resolve("precious.txt"));
        Files.createSymbolicLink(tmp.resolve("pub-killed/link-to-folder"), outside);
        // the links are old, their targets new: a sweep that followed them would keep them (and walk outside)
        age(tmp.resolve("link-to-folder"), STALE);
        age(tmp.resolve("pub-killed"), STALE);

        TmpSweep.Result swept = TmpSweep.sweep(tmp, FileArtifactStore.DEFAULT_TMP_GRACE);

        assertThat(swept.entries()).isEqualTo(2);
        assertThat(swept.bytes()).isZero();
        assertThat(names(tmp)).isEmpty();
        assertThat(outside.resolve("precious.txt")).hasSize(123);
        assertThat(Files.getLastModifiedTime(outside.resolve("precious.txt"))).isEqualTo(targetTime);
    }

    @Test
    void stagingALiveWriterHoldsIsKeptFreshAndNeverSwept() throws Exception {
        FileArtifactStore store = new FileArtifactStore(base.resolve("store"), 1024);
        Path tmp = store.tmp();
        try (Publication pub = store.publish("models/m/1"); BlobBatch batch = store.newBlobBatch()) {
            Files.writeString(pub.directory().resolve("a"), "a");
            BlobRef small = batch.put(new ByteArrayInputStream(new byte[100]));
            BlobRef big = batch.put(new ByteArrayInputStream(new byte[5000]));
            // the writers then work elsewhere for longer than the grace
            for (String entry : names(tmp)) {
                age(tmp.resolve(entry), STALE);
            }

            // another store opened on the same folder in this process sweeps: held staging is skipped
            FileArtifactStore other = new FileArtifactStore(store.root());
            assertThat(other.sweptOnOpen().get(30, TimeUnit.SECONDS).entries()).isZero();
            // in another process, the heartbeat keeps it from looking stale
            TmpSweep.touchHeld();
            FileTime recent = FileTime.from(Instant.now().minus(TmpSweep.HEARTBEAT));
            for (String entry : names(tmp)) {
                assertThat(Files.getLastModifiedTime(tmp.resolve(entry))).as(entry).isGreaterThan(recent);
            }

            pub.commit();
            batch.commit();
            assertThat(store.read("models/m/1/a")).asString(StandardCharsets.UTF_8).isEqualTo("a");
            assertThat(other.hasBlob(small.sha256())).isTrue();
            assertThat(other.localBlob(big.sha256())).isPresent();
        }
        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void aWriterWhoseStagingWasSweptFailsInsteadOfPublishingPartOfIt() throws Exception {
        FileArtifactStore store = new FileArtifactStore(base.resolve("store"));
        try (Publication pub = store.publish("datasets/cats/1")) {
            Files.writeString(pub.directory().resolve("manifest.json"), "{}");
            // a sweeper in another process takes it whole (the writer was stopped for longer than the grace)
            Files.move(pub.directory(), store.tmp().resolve(TmpSweep.SWEPT + "x"));

            assertThatThrownBy(pub::commit).isInstanceOf(NoSuchFileException.class);
        }
        assertThat(store.exists("datasets/cats/1")).isFalse();
    }

    @Test
    void theGraceIsAnOptionWithAFloor() throws Exception {
        Path root = base.resolve("store");

        assertThat(new FileArtifactStore(root).tmpGrace()).isEqualTo(Duration.ofHours(24));
        assertThat(((FileArtifactStore) ArtifactStore.connect("file:" + root + "?tmpGraceHours=72")).tmpGrace())
                .isEqualTo(Duration.ofHours(72));
        assertThatThrownBy(() -> new FileArtifactStore(root, 0, Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least PT1H");
    }

    private static void file(Path path, int bytes) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[bytes]);
    }

    /** Sets back the time of the entry and everything in it, of links themselves rather than their targets. */
    private static void age(Path entry, Duration age) throws IOException {
        FileTime then = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> walk = Files.walk(entry)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(then, null, null);
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }
}
