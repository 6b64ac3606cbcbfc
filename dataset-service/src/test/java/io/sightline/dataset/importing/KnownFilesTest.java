package io.sightline.dataset.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.dataset.source.FileStamp;
import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.BlobRef;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What earlier imports read, by stamp (decision 118): used only while the stamp, the blob and the room hold. */
class KnownFilesTest {

    private static final long OLD = 1_000_000_000_000L; // a change long before the stamp was taken: not racy

    private static SourceScanner.SourceFile file(String name) {
        return new SourceScanner.SourceFile("c/" + name, "c", Path.of("/data/c/" + name));
    }

    private static FileStamp stamp(long inode, long changed) {
        return new FileStamp(100, 1, inode, OLD, changed, OLD + 10_000_000_000L);
    }

    private static SourceFileReader.Staged read(SourceScanner.SourceFile file, String sha256, FileStamp stamp) {
        return new SourceFileReader.Staged(Staging.StagedFile.unplaced(file, sha256, 100,
                new ImageProbe.Result(28, 28, 42L, null), stamp));
    }

    /** A batch that holds exactly the given blobs. */
    private static BlobBatch holding(Set<String> blobs) {
        return new BlobBatch() {
            @Override
            public boolean holds(String sha256) {
                return blobs.contains(sha256);
            }

            @Override
            public BlobRef put(Path file) {
                throw new UnsupportedOperationException();
            }

            @Override
            public BlobRef put(InputStream content) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void commit() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aFileIsStagedAsReadOnlyWhileItsStampAndItsBlobAreAsThen() {
        KnownFiles known = new KnownFiles(10);
        var a = file("a.png");
        known.remember(a, stamp(7, OLD), read(a, "aa", stamp(7, OLD)));

        SourceFileReader.Staged again = known.staged(a, stamp(7, OLD), holding(Set.of("aa")));
        assertThat(again).isNotNull();
        assertThat(again.file().sha256()).isEqualTo("aa");
        assertThat(again.file().width()).isEqualTo(28);
        assertThat(again.file().dhash()).isEqualTo(42L);

        assertThat(known.staged(a, stamp(7, OLD + 1), holding(Set.of("aa")))).as("written since").isNull();
        assertThat(known.staged(a, stamp(8, OLD), holding(Set.of("aa")))).as("another file there").isNull();
        assertThat(known.staged(a, stamp(7, OLD), holding(Set.of()))).as("blob no longer stored").isNull();
        assertThat(known.staged(a, stamp(7, OLD), null)).as("no copy while reading").isNull();
        assertThat(known.staged(a, null, holding(Set.of("aa")))).as("no stamp").isNull();
    }

    @Test
    void racyStampsCropsAndFailuresAreNeverRemembered() {
        KnownFiles known = new KnownFiles(10);
        var racy = file("racy.png");
        FileStamp justChanged = new FileStamp(100, 1, 9, OLD, OLD, OLD + 1_000_000L);
        known.remember(racy, justChanged, read(racy, "rr", justChanged));
        var cropped = new SourceScanner.SourceFile("c/crop.png", "c", Path.of("/data/c/crop.png"), null,
                new io.sightline.storage.DatasetManifest.Crop(0, 0, 4, 4));
        known.remember(cropped, stamp(10, OLD), read(cropped, "cc", stamp(10, OLD)));
        var bad = file("bad.png");
        known.remember(bad, stamp(11, OLD), new SourceFileReader.Corrupt(
                new VerificationReport.CorruptFile("c/bad.png", "truncated", "undecodable")));

        assertThat(known.size()).isZero();
    }

    @Test
    void theFirstRememberedIsForgottenFirst() {
        KnownFiles known = new KnownFiles(2);
        var a = file("a.png");
        var b = file("b.png");
        var c = file("c.png");
        known.remember(a, stamp(1, OLD), read(a, "aa", stamp(1, OLD)));
        known.remember(b, stamp(2, OLD), read(b, "bb", stamp(2, OLD)));
        known.remember(a, stamp(4, OLD), read(a, "a2", stamp(4, OLD))); // read again, written since: still first
        known.remember(c, stamp(3, OLD), read(c, "cc", stamp(3, OLD)));

        BlobBatch all = holding(Set.of("aa", "a2", "bb", "cc"));
        assertThat(known.size()).isEqualTo(2);
        assertThat(known.staged(a, stamp(4, OLD), all)).isNull();
        assertThat(known.staged(b, stamp(2, OLD), all).file().sha256()).isEqualTo("bb");
        assertThat(known.staged(c, stamp(3, OLD), all)).isNotNull();
        assertThat(new KnownFiles(0).remember(a, stamp(1, OLD), read(a, "aa", stamp(1, OLD)))).isNotNull();
    }
}
