package io.sightline.dataset.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.split.SplitMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportValidatorTest {

    @TempDir
    Path base;

    private Path root;
    private Path source;
    private ImportValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("root")).toRealPath();
        source = root.resolve("set");
        TestImages.images(source, "a", "x", 1);
        TestImages.images(source, "b", "y", 1);
        validator = new ImportValidator(new DatasetSettings(List.of(root, base.resolve("no-such-root")), 0.2, 0.1,
                42, SplitMode.STABLE, CorruptFilePolicy.REJECT));
    }

    private static ImportRequest request(String name, String src, Double test, Double validation, String pattern) {
        return new ImportRequest(name, src, test, validation, null, pattern);
    }

    @Test
    void aGoodRequestResolvesToRealPathsAndDefaults() {
        ImportSpec spec = validator.validate(request("set", "file:" + source, null, null, null));

        assertThat(spec.source()).isEqualTo(source);
        assertThat(spec.importRoot()).isEqualTo(root);
        assertThat(spec.split().testRatio()).isEqualTo(0.2);
        assertThat(spec.split().validationRatio()).isEqualTo(0.1);
        assertThat(spec.split().seed()).isEqualTo(42);
        assertThat(validator.validate(request("set", source.toString(), 0.5, 0.0, "^([^/]+)/")).source())
                .isEqualTo(source);
    }

    @Test
    void aSourceThatIsASymlinkOutOfTheImportRootIsRefused() throws Exception {
        Path outside = base.resolve("outside");
        TestImages.images(outside, "a", "x", 1);
        TestImages.images(outside, "b", "y", 1);
        Path link = Files.createSymbolicLink(root.resolve("innocent"), outside);

        assertThatThrownBy(() -> validator.validate(request("set", "file:" + link, null, null, null)))
                .isInstanceOf(InvalidImportException.class).hasMessageContaining("not inside an import root");
        assertThatThrownBy(() -> validator.validate(request("set", root + "/../outside", null, null, null)))
                .isInstanceOf(InvalidImportException.class).hasMessageContaining("not inside an import root");
    }

    @Test
    void badRequestsAreRefusedWithTheirReason() throws Exception {
        String src = source.toString();
        Path oneClass = Files.createDirectories(root.resolve("one/only"));
        Path file = TestImages.png(root.resolve("f.png"), 4, 4);

        assertRefused(request("../etc", src, null, null, null), "name must be");
        assertRefused(request("set", src, 0.0, null, null), "testRatio must be greater than 0");
        assertRefused(request("set", src, 1.0, null, null), "testRatio must be greater than 0");
        assertRefused(request("set", src, 0.3, -0.1, null), "validationRatio must be at least 0");
        assertRefused(request("set", src, 0.6, 0.4, null), "testRatio + validationRatio must be less than 1");
        assertRefused(request("set", null, null, null, null), "source is required");
        assertRefused(request("set", "relative/dir", null, null, null), "absolute");
        assertRefused(request("set", root + "/missing", null, null, null), "does not exist");
        assertRefused(request("set", file.toString(), null, null, null), "not a directory");
        assertRefused(request("set", oneClass.getParent().toString(), null, null, null), "at least 2 class folders");
        assertRefused(request("set", "s3:///no-bucket", null, null, null), "needs a bucket");
        assertRefused(request("set", "ftp://host/set", null, null, null), "not supported");
        assertRefused(request("set", src, null, null, "no-group"), "capture group");
        assertRefused(request("set", src, null, null, "(unclosed"), "not a valid regular expression");
        assertRefused(null, "body");
    }

    private void assertRefused(ImportRequest request, String reason) {
        assertThatThrownBy(() -> validator.validate(request)).isInstanceOf(InvalidImportException.class)
                .hasMessageContaining(reason);
    }
}
