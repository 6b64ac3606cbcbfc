package io.sightline.dataset.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.ShippedDatasets;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.dataset.split.SplitMode;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Sha256;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets import in the layouts they ship in, with the options and policies a request names. */
class DatasetLayoutsTest {

    @TempDir
    Path base;

    private Path root;
    private Path source;
    private FileArtifactStore store;
    private final DatasetSettings settings = DatasetSettings.builder().setDefaultTestRatio(0.3).setDefaultSeed(7)
            .setSplitMode(SplitMode.STABLE).build();

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("imports")).toRealPath();
        source = root.resolve("set");
        store = new FileArtifactStore(base.resolve("store"));
    }

    private static ImportRequest.Options options(String layout, String labels, String pattern, String crop,
                                                 String names, String corrupt, String near) {
        return new ImportRequest.Options(layout, labels, null, null, pattern, crop, names, corrupt, null, near);
    }

    private record Outcome(VerificationReport report, DatasetManifest manifest) {
    }

    private Outcome run(ImportRequest.Options options) throws Exception {
        return run(options, null);
    }

    private Outcome run(ImportRequest.Options options, String groupPattern) throws Exception {
        DatasetSettings configured = settings.toBuilder().setImportRoots(List.of(root)).build();
        ImportSpec spec = new ImportValidator(configured).validate(
                new ImportRequest("set", source.toString(), null, null, null, groupPattern, options));
        DatasetImporter importer = new DatasetImporter(store, configured, Clock.systemUTC());
        String version = String.valueOf(System.nanoTime());
        Staging staging = importer.ingest(spec, version);
        VerificationReport report = importer.prepare(staging);
        return new Outcome(report, report.passed() ? importer.publish(staging, report) : null);
    }

    private static Map<String, String> reasons(VerificationReport report) {
        return report.ignored().stream().collect(Collectors.toMap(SourceScanner.IgnoredFile::path,
                SourceScanner.IgnoredFile::reason));
    }

    @Test
    void gtsrbTrainingImportsAsShippedWithSignNamesAndItsCsvsSkipped() throws Exception {
        ShippedDatasets.gtsrbTraining(source, 3, 3, 3);
        ShippedDatasets.signNames(source.resolve("signnames.csv"));

        Outcome out = run(options(null, null, null, null, "signnames.csv", null, null), "^[^/]+/(\\d+)_");

        assertThat(out.report().problems()).isEmpty();
        assertThat(out.report().layout().name()).isEqualTo("class-folders");
        assertThat(out.report().layout().detected()).isTrue();
        assertThat(out.manifest().layout()).isEqualTo("class-folders");
        assertThat(out.manifest().classes()).containsExactly("00000", "00001", "00002");
        assertThat(out.manifest().entries()).hasSize(27);
        // the names file says 0, 1, 2; the folders 00000, …: matched by value
        assertThat(out.manifest().classNames()).containsEntry("00000", "Speed limit (20km/h)")
                .containsEntry("00002", "Speed limit (50km/h)");
        assertThat(reasons(out.report())).containsEntry("00001/GT-00001.csv", "not an image (.csv)")
                .containsEntry("signnames.csv", "class names");
        // a track (the group) stays on one side, as in any class-folders import
        Map<String, Long> sidesPerTrack = out.manifest().entries().stream().collect(Collectors.groupingBy(
                e -> e.className() + "/" + e.group(), Collectors.mapping(DatasetManifest.Entry::split,
                        Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        assertThat(sidesPerTrack.values()).containsOnly(1L);
    }

    @Test
    void cropRoiMakesTheRegionsTheImagesAndKeepsTheOriginalAsLineage() throws Exception {
        ShippedDatasets.gtsrbTraining(source, 2, 2, 2);

        Outcome out = run(options(null, null, null, "roi", null, null, null));

        assertThat(out.report().problems()).isEmpty();
        assertThat(reasons(out.report())).containsEntry("00000/GT-00000.csv", "annotations (crop roi)");
        DatasetManifest.Entry entry = out.manifest().entries().stream()
                .filter(e -> e.path().equals("00001/00001_00001.ppm")).findFirst().orElseThrow();
        // frame 1 of track 1 is 31x33; its box is 5,6 - 26,29
        assertThat(entry.crop()).isEqualTo(new DatasetManifest.Crop(5, 6, 26, 29));
        assertThat(entry.width()).isEqualTo(21);
        assertThat(entry.height()).isEqualTo(23);
        assertThat(entry.original()).isEqualTo(Sha256.of(source.resolve("00001/00001_00001.ppm")));
        try (InputStream in = store.openBlob(entry.sha256())) {
            BufferedImage stored = ImageIO.read(in);
            BufferedImage original = ImageIO.read(source.resolve("00001/00001_00001.ppm").toFile());
            assertThat(stored.getWidth()).isEqualTo(21);
            assertThat(stored.getRGB(0, 0)).isEqualTo(original.getRGB(5, 6));
            assertThat(stored.getRGB(20, 22)).isEqualTo(original.getRGB(25, 28));
        }
        assertThat(out.report().originalsChecked()).isEqualTo(8);
        assertThat(out.manifest().treePath(entry)).isEqualTo("00001/00001_00001.ppm.png");
    }

    @Test
    void gtsrbTestFolderImportsByItsCsvAndCropsFromIt() throws Exception {
        ShippedDatasets.gtsrbTest(source, 3, 4);

        Outcome out = run(options(null, null, null, "roi", null, null, null));

        assertThat(out.report().problems()).isEmpty();
        assertThat(out.report().layout().name()).isEqualTo("csv");
        assertThat(out.report().layout().why()).contains("GT-final_test.csv");
        assertThat(out.manifest().classes()).containsExactly("0", "1", "2");
        assertThat(out.manifest().entries()).hasSize(12).allSatisfy(e -> {
            assertThat(e.crop()).isEqualTo(new DatasetManifest.Crop(4, 3, 36, 33));
            assertThat(e.width()).isEqualTo(32);
        });
        DatasetManifest.Entry first = out.manifest().entries().get(0);
        assertThat(first.path()).isEqualTo("00000.ppm");
        assertThat(first.className()).isEqualTo("0");
        assertThat(out.manifest().treePath(first)).isEqualTo("0/00000.ppm.png");
        assertThat(reasons(out.report())).containsEntry("GT-final_test.csv", "labels file");
    }

    @Test
    void kaggleCsvImportsAndSeveralLabelFilesMustBeNamed() throws Exception {
        ShippedDatasets.kaggle(source, 3, 5);

        Outcome out = run(ImportRequest.Options.NONE);
        assertThat(out.report().problems()).isEmpty();
        assertThat(out.manifest().layout()).isEqualTo("csv");
        assertThat(out.manifest().classes()).containsExactly("0", "1", "2");
        assertThat(out.manifest().entries()).extracting(DatasetManifest.Entry::path).contains("Train/1/00001_00001_00001.png");

        Files.writeString(source.resolve("Meta.csv"), "Path,ClassId,ShapeId\nMeta/0.png,0,1\n");
        Outcome ambiguous = run(ImportRequest.Options.NONE);
        assertThat(ambiguous.report().passed()).isFalse();
        assertThat(ambiguous.report().problems()).singleElement().asString()
                .contains("several labels files").contains("Meta.csv").contains("Train.csv").contains("labelsFile");
        Outcome named = run(options(null, "Train.csv", null, null, null, null, null));
        assertThat(named.report().problems()).isEmpty();
        assertThat(named.manifest().entries()).hasSize(15);
    }

    @Test
    void labelsComeFromFileNamesByAnRe2Pattern() throws Exception {
        ShippedDatasets.labelsInNames(source, List.of("cat", "dog"), 5);

        Outcome detected = run(ImportRequest.Options.NONE);
        assertThat(detected.report().problems()).isEmpty();
        assertThat(detected.manifest().layout()).isEqualTo("filename");
        assertThat(detected.manifest().classes()).containsExactly("cat", "dog");
        assertThat(detected.manifest().treePath(detected.manifest().entries().get(0))).isEqualTo("cat/cat.0.png");

        // a pattern that backtracks exponentially on java.util.regex runs in linear time on RE2
        Files.write(source.resolve("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!.png"),
                Files.readAllBytes(source.resolve("cat.0.png")));
        Outcome hostile = run(options("filename", null, "^(a+)+$|^(cat|dog)\\.", null, null, null, null));
        assertThat(hostile.report().ignored()).extracting(SourceScanner.IgnoredFile::path)
                .contains("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!.png");
    }

    @Test
    void theStableSplitPutsTheSameContentOnTheSameSideInEveryLayout() throws Exception {
        ShippedDatasets.labelsInNames(source, List.of("cat", "dog"), 12);
        Map<String, String> byName = sideByContent(run(ImportRequest.Options.NONE).manifest());

        Path folders = root.resolve("folders");
        for (Path file : Files.list(source).toList()) {
            String name = file.getFileName().toString();
            Files.createDirectories(folders.resolve(name.substring(0, 3)));
            Files.copy(file, folders.resolve(name.substring(0, 3)).resolve(name));
        }
        source = folders;
        Map<String, String> byFolder = sideByContent(run(ImportRequest.Options.NONE).manifest());
        assertThat(byFolder).isEqualTo(byName).hasSize(24);
    }

    private static Map<String, String> sideByContent(DatasetManifest manifest) {
        return manifest.entries().stream().collect(Collectors.toMap(DatasetManifest.Entry::sha256,
                DatasetManifest.Entry::split));
    }

    @Test
    void aGivenSplitIsKeptAndAnIdenticalImageAcrossItIsNamed() throws Exception {
        ShippedDatasets.preSplit(source, List.of("cat", "dog"), 6, 3);
        Files.copy(source.resolve("train/cat/tr2.png"), source.resolve("test/cat/copied.png"));

        Outcome warned = run(ImportRequest.Options.NONE);
        assertThat(warned.report().problems()).isEmpty();
        assertThat(warned.report().layout().name()).isEqualTo("split-folders");
        assertThat(warned.manifest().entries()).allSatisfy(e -> assertThat(e.split())
                .isEqualTo(e.path().startsWith("train/") ? "train" : "test"));
        assertThat(warned.manifest().testRatio()).isEqualTo(7 / 19.0);
        assertThat(warned.report().leakedContent()).isEqualTo(1);
        assertThat(warned.report().notes()).anyMatch(n -> n.startsWith("identical image across the given splits")
                && n.contains("train/cat/tr2.png (train)") && n.contains("test/cat/copied.png (test)"));
        assertThat(warned.manifest().treePath(warned.manifest().entries().get(0))).isEqualTo("cat/copied.png");

        Outcome rejected = run(options(null, null, null, null, null, null, "reject"));
        assertThat(rejected.report().passed()).isFalse();
        assertThat(rejected.report().problems()).anyMatch(p -> p.contains("test/cat/copied.png"));
    }

    @Test
    void truncatedAndEmptyJpegsAreLeftOutWhenTheRequestSaysExclude() throws Exception {
        for (String cls : List.of("Cat", "Dog")) {
            for (int i = 0; i < 4; i++) {
                BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
                image.setRGB(i, i, 0xFFFFFF);
                image.setRGB(cls.charAt(0) % 5 + i * 3, 7 + cls.charAt(0) % 7, 0x00FF00);
                Files.createDirectories(source.resolve(cls));
                ImageIO.write(image, "jpg", source.resolve(cls).resolve(i + ".jpg").toFile());
            }
        }
        byte[] jpeg = Files.readAllBytes(source.resolve("Cat/0.jpg"));
        Files.write(source.resolve("Cat/666.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.write(source.resolve("Dog/11702.jpg"), new byte[0]);

        assertThat(run(ImportRequest.Options.NONE).report().passed()).isFalse();
        Outcome excluded = run(options(null, null, null, null, null, "exclude", null));
        assertThat(excluded.report().problems()).isEmpty();
        assertThat(excluded.report().corruptFiles()).isEqualTo("exclude");
        assertThat(excluded.report().corrupt()).extracting(VerificationReport.CorruptFile::path)
                .containsExactly("Cat/666.jpg", "Dog/11702.jpg");
        assertThat(excluded.manifest().entries()).hasSize(8);
    }

    @Test
    void badOptionsAreRefusedWithTheAllowedValues() {
        DatasetSettings configured = settings.toBuilder().setImportRoots(List.of(root)).build();
        TestImages.images(source, "a", "a", 2);
        TestImages.images(source, "b", "b", 2);
        ImportValidator validator = new ImportValidator(configured);
        assertThatThrownBy(() -> validator.validate(new ImportRequest("set", source.toString(), null, null, null, null,
                options("folders", null, null, null, null, null, null)))).isInstanceOf(InvalidImportException.class)
                .hasMessageContaining("class-folders, split-folders, csv, filename");
        assertThatThrownBy(() -> validator.validate(new ImportRequest("set", source.toString(), null, null, null, null,
                options(null, null, null, null, null, "maybe", null)))).hasMessageContaining("reject or exclude");
        assertThatThrownBy(() -> validator.validate(new ImportRequest("set", source.toString(), null, null, null, null,
                options(null, "../etc/passwd", null, null, null, null, null)))).hasMessageContaining("relative");
        assertThatThrownBy(() -> validator.validate(new ImportRequest("set", source.toString(), null, null, null, null,
                options(null, null, "(?<=x)y", null, null, null, null)))).hasMessageContaining("RE2");
        assertThatThrownBy(() -> validator.validate(new ImportRequest("set", source.toString(), null, null, null, null,
                options(null, null, null, "bbox", null, null, null)))).hasMessageContaining("roi or none");
    }

    @Test
    void hostileTablesAreRefusedWithTheirReasonAndNothingOutsideTheSourceIsRead() throws Exception {
        ShippedDatasets.gtsrbTest(source, 2, 3);
        Files.writeString(root.resolve("secret.png"), "outside the source");
        Files.writeString(source.resolve("GT-final_test.csv"), "Filename;ClassId\n../secret.png;0\n/etc/passwd;1\n"
                + "00000.ppm;0\n00000.ppm;1\n00001.ppm;\n");
        Outcome listed = run(ImportRequest.Options.NONE);
        assertThat(listed.report().passed()).isFalse();
        assertThat(listed.report().problems())
                .anyMatch(p -> p.contains("names 2 file(s) that are not images") && p.contains("../secret.png"))
                .anyMatch(p -> p.contains("00000.ppm is listed again"))
                .anyMatch(p -> p.contains("empty label for 00001.ppm"));

        Files.writeString(source.resolve("GT-final_test.csv"), "Filename;ClassId\n" + ";".repeat(5000) + "\n");
        assertThat(run(ImportRequest.Options.NONE).report().problems())
                .anyMatch(p -> p.contains("more than 1000 columns"));

        Files.writeString(source.resolve("GT-final_test.csv"), "Name;Klasse\n00000.ppm;0\n");
        assertThat(run(ImportRequest.Options.NONE).report().problems()).isNotEmpty();
        Outcome columns = run(new ImportRequest.Options("csv", "GT-final_test.csv", "Name", "Wrong", null, null, null,
                null, null, null));
        assertThat(columns.report().problems()).anyMatch(p -> p.contains("has no label column Wrong")
                && p.contains("its columns: Name, Klasse"));
    }

    @Test
    void aNamesFileWithAControlCharacterIsRefused() throws Exception {
        TestImages.images(source, "0", "a", 3);
        TestImages.images(source, "1", "b", 3);
        Files.writeString(source.resolve("names.csv"), "0,Stop\n1,Go\u202Eevil\n");
        Outcome out = run(options(null, null, null, null, "names.csv", null, null));
        assertThat(out.report().problems()).singleElement().asString()
                .contains("unusable name for 1").contains("\\u202E");
    }

    @Test
    void trainAndValidationFoldersMakeValidationTheTestSplitAndDoubledWrappersAreSeenThrough() throws Exception {
        // Keras' cats_and_dogs_filtered: train/ and validation/
        for (String split : List.of("train", "validation")) {
            TestImages.images(source.resolve(split), "cats", split.charAt(0) + "c", 3);
            TestImages.images(source.resolve(split), "dogs", split.charAt(0) + "d", 3);
        }
        Outcome keras = run(ImportRequest.Options.NONE);
        assertThat(keras.report().problems()).isEmpty();
        assertThat(keras.manifest().entries()).allSatisfy(e -> assertThat(e.split())
                .isEqualTo(e.path().startsWith("train/") ? "train" : "test"));
        assertThat(keras.report().notes()).anyMatch(n -> n.startsWith("no test/ folder: validation/ is the test split"));

        // Kaggle's cat-and-dog: training_set/training_set/cats/…, test_set/test_set/dogs/…
        source = root.resolve("kaggle");
        for (String split : List.of("training_set", "test_set")) {
            TestImages.images(source.resolve(split).resolve(split), "cats", split.charAt(1) + "c", 3);
            TestImages.images(source.resolve(split).resolve(split), "dogs", split.charAt(1) + "d", 3);
        }
        Outcome kaggle = run(ImportRequest.Options.NONE);
        assertThat(kaggle.report().problems()).isEmpty();
        assertThat(kaggle.manifest().classes()).containsExactly("cats", "dogs");
        DatasetManifest.Entry entry = kaggle.manifest().entries().stream()
                .filter(e -> e.path().equals("test_set/test_set/cats/ec0.png")).findFirst().orElseThrow();
        assertThat(entry.split()).isEqualTo("test");
        assertThat(kaggle.manifest().treePath(entry)).isEqualTo("cats/ec0.png");
    }
}
