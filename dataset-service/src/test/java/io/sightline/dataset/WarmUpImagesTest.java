package io.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up's hand-encoded PNGs are the pictures they were made from, by every filter type and colour type. */
class WarmUpImagesTest {

    @Test
    void everyFilterTypeAndColourTypeDecodesToThePixelsEncoded() throws Exception {
        Random random = new Random(7);
        for (int channels : new int[] {1, 3, 4}) {
            for (int first = 0; first < 5; first++) {
                int width = 9;
                int height = 6;
                byte[] pixels = new byte[width * height * channels];
                random.nextBytes(pixels);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                        WarmUpImages.png(pixels, width, height, channels, first)));
                assertThat(image).as("channels %d, first filter %d", channels, first).isNotNull();
                assertThat(image.getRaster().getNumBands()).isEqualTo(channels);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        for (int b = 0; b < channels; b++) {
                            assertThat(image.getRaster().getSample(x, y, b))
                                    .as("channels %d, first %d, pixel %d,%d band %d", channels, first, x, y, b)
                                    .isEqualTo(pixels[(y * width + x) * channels + b] & 0xff);
                        }
                    }
                }
            }
        }
    }

    @Test
    void writesPicturesOfEveryKindWithAFewCopiesWithinTheirClass(@TempDir Path source) throws Exception {
        WarmUpImages.write(source, 60, 3);
        try (Stream<Path> files = Files.walk(source)) {
            var all = files.filter(Files::isRegularFile).toList();
            assertThat(all).hasSize(60);
            assertThat(all.stream().filter(p -> p.toString().endsWith(".jpg"))).hasSize(7);
            java.util.Map<String, java.util.Set<Path>> folders = new java.util.HashMap<>();
            for (Path p : all) {
                String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(p)));
                folders.computeIfAbsent(sha, s -> new java.util.HashSet<>()).add(p.getParent());
                assertThat(ImageIO.read(p.toFile())).as(p.toString()).isNotNull();
            }
            // pictures 25 and 50 repeat one of their class: 58 contents, each in one class folder only
            assertThat(folders).hasSize(58);
            assertThat(folders.values()).allSatisfy(f -> assertThat(f).hasSize(1));
            // picture 12 is picture 6 (the class's latest grey one) with one pixel changed
            BufferedImage near = ImageIO.read(source.resolve("class-0/12.png").toFile());
            BufferedImage before = ImageIO.read(source.resolve("class-0/6.png").toFile());
            int differ = 0;
            for (int y = 0; y < WarmUpImages.SIDE; y++) {
                for (int x = 0; x < WarmUpImages.SIDE; x++) {
                    differ += near.getRaster().getSample(x, y, 0) != before.getRaster().getSample(x, y, 0) ? 1 : 0;
                }
            }
            assertThat(differ).isEqualTo(1);
        }
        assertThat(source.resolve("class-2")).isDirectory();
    }
}
