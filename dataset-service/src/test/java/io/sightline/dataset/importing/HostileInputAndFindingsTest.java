package io.sightline.dataset.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.dataset.split.SplitMode;
import io.sightline.storage.FileArtifactStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or odd files in a folder source, and the findings of the report: conflicts, near-duplicates, small classes. */
class HostileInputAndFindingsTest {

    @TempDir
    Path base;

    private Path root;
    private Path source;
    private FileArtifactStore store;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("imports")).toRealPath();
        source = root.resolve("set");
        store = new FileArtifactStore(base.resolve("store"));
    }

    private DatasetSettings settings(FindingPolicy conflicts, FindingPolicy near) {
        return new DatasetSettings(List.of(root), 0.5, 0, 7, SplitMode.STABLE, CorruptFilePolicy.REJECT)
                .withFindings(conflicts, near, 4);
    }

    private VerificationReport run(DatasetSettings settings) {
        ImportSpec spec = new ImportValidator(settings).validate(
                new ImportRequest("set", source.toString(), null, null, null, null));
        DatasetImporter importer = new DatasetImporter(store, settings, Clock.systemUTC());
        return importer.prepare(importer.ingest(spec, "1"));
    }

    /** A PNG of only a signature and an IHDR chunk claiming the given size: 33 bytes, no pixel data. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    @Test
    void hugeHeadersEmptyTruncatedAndNonImageFilesAreCorruptWithTheirKind() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        Files.write(source.resolve("cats/huge.png"), pngHeaderOnly(100_000, 100_000));
        Files.write(source.resolve("cats/empty.png"), new byte[0]);
        Files.writeString(source.resolve("dogs/notes.jpg"), "just text"); // claims to be an image: corrupt
        Files.writeString(source.resolve("dogs/notes.txt"), "just text"); // says it is text: skipped
        Files.writeString(source.resolve("dogs/GT-00001.csv"), "Filename;Width;Height;ClassId\n"); // GTSRB's
        byte[] png = Files.readAllBytes(source.resolve("dogs/d0.png"));
        Files.write(source.resolve("dogs/cut.png"), java.util.Arrays.copyOf(png, png.length / 2));

        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        VerificationReport report = run(settings(FindingPolicy.REJECT, FindingPolicy.WARN));

        assertThat(report.passed()).isFalse();
        assertThat(report.corrupt()).extracting(VerificationReport.CorruptFile::path, VerificationReport.CorruptFile::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cats/empty.png", "empty"),
                        org.assertj.core.groups.Tuple.tuple("cats/huge.png", "too-large"),
                        org.assertj.core.groups.Tuple.tuple("dogs/cut.png", "undecodable"),
                        org.assertj.core.groups.Tuple.tuple("dogs/notes.jpg", "not-an-image"));
        assertThat(report.ignored()).extracting(SourceScanner.IgnoredFile::path, SourceScanner.IgnoredFile::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("dogs/GT-00001.csv", "not an image (.csv)"),
                        org.assertj.core.groups.Tuple.tuple("dogs/notes.txt", "not an image (.txt)"));
        assertThat(report.corrupt().get(1).reason()).contains("100000x100000");
        // 10^10 pixels were never allocated (that would be 40 GB)
        long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(heapAfter - heapBefore).isLessThan(512L << 20);
        assertThat(store.list("blobs")).isEmpty();
    }

    @Test
    void classNamesWithControlCharactersOrBackslashesAreRefusedUnicodeNamesAccepted() throws Exception {
        TestImages.images(source, "Kätzchen", "c", 3);
        TestImages.images(source, "狗 dogs", "d", 3);
        VerificationReport good = run(settings(FindingPolicy.REJECT, FindingPolicy.WARN));
        assertThat(good.problems()).isEmpty();
        assertThat(good.classes()).containsOnlyKeys("Kätzchen", "狗 dogs");

        TestImages.images(source, "evil\\..\\name", "e", 2);
        TestImages.images(source, "bell\u0007", "b", 2);
        VerificationReport bad = run(settings(FindingPolicy.REJECT, FindingPolicy.WARN));
        assertThat(bad.passed()).isFalse();
        assertThat(bad.problems()).anyMatch(p -> p.contains("evil") && p.contains("path separator"))
                .anyMatch(p -> p.contains("bell\\u0007") && p.contains("control character"));
    }

    @Test
    void anEmptyClassAndAnEmptyDatasetAreRefused() throws Exception {
        TestImages.images(source, "cats", "c", 3);
        Files.createDirectories(source.resolve("dogs"));
        Files.writeString(source.resolve("dogs/.DS_Store"), "x");
        VerificationReport report = run(settings(FindingPolicy.REJECT, FindingPolicy.WARN));
        assertThat(report.problems()).contains("empty class: dogs has no usable image");
        assertThat(report.ignoredCount()).isEqualTo(1);

        Files.createDirectories(source.resolve("birds"));
        Files.walk(source.resolve("cats")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Files.createDirectories(source.resolve("cats"));
        VerificationReport empty = run(settings(FindingPolicy.REJECT, FindingPolicy.WARN));
        assertThat(empty.problems()).contains("empty dataset: no files in any class folder");
    }

    @Test
    void theSameContentUnderTwoClassesIsALabelConflictRejectedOrWarnedByPolicy() throws Exception {
        TestImages.images(source, "cats", "c", 4);
        TestImages.images(source, "dogs", "d", 4);
        Files.copy(source.resolve("cats/c1.png"), source.resolve("dogs/actually-a-cat.png"));

        VerificationReport rejected = run(settings(FindingPolicy.REJECT, FindingPolicy.WARN));
        assertThat(rejected.passed()).isFalse();
        assertThat(rejected.problems()).anyMatch(p -> p.startsWith("label conflict: the same content is in classes"
                + " cats and dogs: cats/c1.png, dogs/actually-a-cat.png"));
        assertThat(rejected.labelConflicts().count()).isEqualTo(1);

        VerificationReport warned = run(settings(FindingPolicy.WARN, FindingPolicy.WARN));
        assertThat(warned.passed()).isTrue();
        assertThat(warned.labelConflicts().policy()).isEqualTo("warn");
        assertThat(warned.labelConflicts().conflicts()).singleElement().satisfies(c -> {
            assertThat(c.classes()).containsExactly("cats", "dogs");
            assertThat(c.paths()).containsExactly("cats/c1.png", "dogs/actually-a-cat.png");
        });
        assertThat(warned.leakedContent()).isZero(); // one content, one side, even under two labels
    }

    /** A smooth gradient image; {@code nudge} changes one pixel slightly: same dHash, different bytes. */
    private static void gradient(Path file, int seed, int nudge) throws Exception {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int v = (((x * 7 + seed * 13) ^ (y * 5 + seed * 3)) * 37 + seed * 11) & 0xFF;
                image.setRGB(x, y, v * 0x010101);
            }
        }
        image.setRGB(0, 0, (image.getRGB(0, 0) + nudge) & 0xFFFFFF);
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        Files.write(file, out.toByteArray());
    }

    @Test
    void nearDuplicatesAcrossSidesAreListedAndRejectedByPolicyAndSmallClassesReported() throws Exception {
        for (int i = 0; i < 12; i++) {
            gradient(source.resolve("cats/a" + i + ".png"), i, 0);
            gradient(source.resolve("cats/b" + i + ".png"), i, 1); // a re-encoded near copy of a<i>
        }
        TestImages.images(source, "dogs", "d", 4);
        TestImages.images(source, "owls", "o", 1);

        VerificationReport warned = run(settings(FindingPolicy.REJECT, FindingPolicy.WARN));
        assertThat(warned.passed()).isTrue();
        VerificationReport.NearDuplicateReport near = warned.nearDuplicates();
        assertThat(near.count()).isPositive();
        assertThat(near.pairs()).allSatisfy(p -> {
            assertThat(p.aSplit()).isNotEqualTo(p.bSplit());
            assertThat(p.distance()).isLessThanOrEqualTo(4);
        });
        assertThat(near.pairs()).anySatisfy(p -> assertThat(p.a().substring(6)).isEqualTo(p.b().substring(6)));
        assertThat(warned.smallClasses()).extracting(VerificationReport.SmallClass::className)
                .containsExactly("dogs", "owls");
        assertThat(warned.smallClasses().get(1).note()).contains("one image");

        VerificationReport rejected = run(settings(FindingPolicy.REJECT, FindingPolicy.REJECT));
        assertThat(rejected.passed()).isFalse();
        assertThat(rejected.problems()).anyMatch(p -> p.startsWith("near-duplicate across sides: cats/"));
    }

    @Test
    void dhashIsStableUnderSmallChangesAndFarForDifferentImages() throws Exception {
        gradient(base.resolve("x/a.png"), 1, 0);
        gradient(base.resolve("x/b.png"), 1, 1);
        gradient(base.resolve("x/c.png"), 5, 0);
        long a = new ImageProbe().probe(Files.readAllBytes(base.resolve("x/a.png"))).dhash();
        long b = new ImageProbe().probe(Files.readAllBytes(base.resolve("x/b.png"))).dhash();
        long c = new ImageProbe().probe(Files.readAllBytes(base.resolve("x/c.png"))).dhash();
        assertThat(Long.bitCount(a ^ b)).isLessThanOrEqualTo(1);
        assertThat(Long.bitCount(a ^ c)).isGreaterThan(8);
    }
}
