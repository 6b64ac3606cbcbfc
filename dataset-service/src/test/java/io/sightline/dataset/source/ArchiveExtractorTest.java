package io.sightline.dataset.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.dataset.TestArchives;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.importing.ImportProgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {

    @TempDir
    Path base;

    private static final SourceLimits LIMITS = new SourceLimits(1 << 20, 50, 4L << 20, 20);

    /** Builds a tar (gzipped when asked) from entries made by the caller. */
    static byte[] tar(boolean gzip, List<TarArchiveEntry> entries, List<byte[]> contents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream raw = gzip ? new GZIPOutputStream(bytes) : bytes;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                TarArchiveEntry e = entries.get(i);
                byte[] content = contents.get(i);
                if (content != null) {
                    e.setSize(content.length);
                }
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(base.resolve(name), content);
    }

    private void assertRefused(byte[] archive, String reason) throws IOException {
        Path upload = file("upload-" + System.nanoTime(), archive);
        Path into = Files.createDirectories(base.resolve("out-" + System.nanoTime())).resolve("extracted");
        assertThatThrownBy(() -> new ArchiveExtractor(LIMITS).extract(upload, into, new ImportProgress()))
                .isInstanceOf(InvalidImportException.class).hasMessageContaining(reason);
        // nothing was written next to the extraction folder, or above it
        try (var siblings = Files.list(into.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).isSubsetOf("extracted");
        }
    }

    @Test
    void aGoodZipAndTarGzUnpackWithUnicodeNamesAndAWrappingFolderUnwrapped() throws Exception {
        byte[] png = Files.readAllBytes(TestImages.png(base.resolve("a.png"), 8, 8));
        Path zip = file("z.zip", TestArchives.zip(Map.of("pets/Kätzchen/1.png", png, "pets/犬/2.png", png)));
        Path root = new ArchiveExtractor(LIMITS).extract(zip, base.resolve("z/extracted"), new ImportProgress());
        assertThat(root.getFileName().toString()).isEqualTo("pets");
        assertThat(root.resolve("Kätzchen/1.png")).exists();
        assertThat(root.resolve("犬/2.png")).exists();

        TarArchiveEntry a = new TarArchiveEntry("cats/1.png");
        TarArchiveEntry b = new TarArchiveEntry("dogs/2.png");
        Path tgz = file("t.tar.gz", tar(true, List.of(a, b), List.of(png, png)));
        assertThat(ArchiveExtractor.detect(tgz)).isEqualTo(ArchiveExtractor.Format.TAR_GZ);
        Path tarRoot = new ArchiveExtractor(LIMITS).extract(tgz, base.resolve("t/extracted"), new ImportProgress());
        assertThat(tarRoot.resolve("cats/1.png")).exists();
        assertThat(tarRoot.resolve("dogs/2.png")).exists();
    }

    @Test
    void zipSlipAbsoluteBackslashAndControlCharacterNamesAreRefused() throws Exception {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        assertRefused(TestArchives.zip(Map.of("cats/../../evil.png", x)), "'..'");
        assertRefused(TestArchives.zip(Map.of("/etc/cron.d/evil", x)), "absolute path");
        assertRefused(TestArchives.zip(Map.of("C:/Windows/evil", x)), "absolute path");
        // commons-compress reads a backslash as the separator of DOS-made zips: refused either way
        assertRefused(TestArchives.zip(Map.of("cats\\..\\..\\evil.png", x)), "archive entry");
        assertRefused(TestArchives.zip(Map.of("ca\nts/1.png", x)), "control character");
        assertRefused(TestArchives.zip(Map.of("ca\u202Ets/1.png", x)), "bidirectional override");
        assertRefused(tar(false, List.of(new TarArchiveEntry("../../evil.png")), List.of(x)), "'..'");
        assertRefused("not an archive at all".getBytes(StandardCharsets.UTF_8), "not a zip, tar or tar.gz");
    }

    @Test
    void linksDevicesAndDuplicateEntriesAreRefused() throws Exception {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry symlink = new TarArchiveEntry("cats/passwd.png", TarArchiveEntry.LF_SYMLINK);
        symlink.setLinkName("/etc/passwd");
        assertRefused(tar(false, List.of(symlink), java.util.Arrays.asList((byte[]) null)), "symbolic link");
        TarArchiveEntry hard = new TarArchiveEntry("cats/h.png", TarArchiveEntry.LF_LINK);
        hard.setLinkName("/etc/shadow");
        assertRefused(tar(true, List.of(hard), java.util.Arrays.asList((byte[]) null)), "hard link");
        TarArchiveEntry fifo = new TarArchiveEntry("cats/pipe", TarArchiveEntry.LF_FIFO);
        assertRefused(tar(false, List.of(fifo), java.util.Arrays.asList((byte[]) null)), "device or pipe");
        assertRefused(tar(false, List.of(new TarArchiveEntry("cats/1.png"), new TarArchiveEntry("cats/1.png")),
                List.of(x, x)), "twice");
        // a zip symlink: unix mode 0120777 in the external attributes
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var zip = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(bytes)) {
            var entry = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("cats/link.png");
            entry.setUnixMode(0120777);
            zip.putArchiveEntry(entry);
            zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        assertRefused(bytes.toByteArray(), "symbolic link");
    }

    @Test
    void archiveBombsAreStoppedByEntryCountSizeAndRatio() throws Exception {
        Map<String, byte[]> many = new java.util.TreeMap<>();
        for (int i = 0; i < 60; i++) {
            many.put("cats/" + i + ".png", new byte[] {1});
        }
        assertRefused(TestArchives.zip(many), "entries");
        // 5 MiB of zeros: over the 4 MiB budget, and it compresses about 1000:1
        assertRefused(TestArchives.zip(Map.of("cats/zeros.png", new byte[5 << 20])), "archive bomb");
        assertRefused(tar(true, List.of(new TarArchiveEntry("cats/zeros.png")), List.of(new byte[3 << 20])),
                "times its size");
    }
}
