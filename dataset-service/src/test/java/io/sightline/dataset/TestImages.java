package io.sightline.dataset;

import io.sightline.dataset.source.SourceScanner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Builds small class-per-folder image trees for tests; every image has different pixels. */
public final class TestImages {

    private static int counter;

    private TestImages() {
    }

    /** Writes a {@code width}×{@code height} PNG whose pixels depend on a fresh counter, so contents differ. */
    public static Path png(Path file, int width, int height) {
        int n;
        synchronized (TestImages.class) {
            n = ++counter;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (n * 7919 + x * 31 + y * 17) & 0xFFFFFF);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Writes a binary PGM (P5) grey image by hand: the JDK has no reader for it, so it decodes only when
     * the TwelveMonkeys PNM plugin is registered.
     */
    public static Path pgm(Path file, int width, int height) {
        byte[] header = ("P5\n" + width + " " + height + "\n255\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] content = java.util.Arrays.copyOf(header, header.length + width * height);
        for (int i = header.length; i < content.length; i++) {
            content[i] = (byte) (i * 13);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes {@code count} 16×16 PNGs {@code <cls>/<prefix><i>.png}. */
    public static void images(Path root, String cls, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            png(root.resolve(cls).resolve(prefix + i + ".png"), 16, 16);
        }
    }

    /** Every regular file under {@code root} with its bytes, by relative path: a snapshot to compare later. */
    public static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Per class folder, the number of files beneath it that are not hidden or system files. */
    public static Map<String, Integer> countsPerClass(Path root) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path rel = root.relativize(p);
                boolean ignored = false;
                for (Path part : rel) {
                    ignored |= SourceScanner.isIgnoredName(part.toString());
                }
                ignored |= SourceScanner.notImageExtension(p.getFileName().toString()) != null;
                if (!ignored && rel.getNameCount() > 1) {
                    counts.merge(rel.getName(0).toString(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
