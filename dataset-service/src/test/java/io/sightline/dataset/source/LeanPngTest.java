package io.sightline.dataset.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The lean PNG path gives exactly what ImageIO gives, and hands everything else to ImageIO. */
class LeanPngTest {

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Noise with some structure: ImageIO's writer then picks different row filters per row. */
    private static BufferedImage image(int type, int w, int h, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (x * 7 + y * 3) & 0xFF;
                int noise = random.nextInt(64);
                image.setRGB(x, y, (random.nextInt(256) << 24) | ((base + noise) & 0xFF) << 16
                        | ((base * 2 + noise) & 0xFF) << 8 | ((255 - base) & 0xFF));
            }
        }
        return image;
    }

    @Test
    void greyRgbAndRgbaPngsDecodeToImageIosSizeAndHash() throws Exception {
        int[][] sizes = {{28, 28}, {1, 1}, {5, 3}, {9, 8}, {64, 17}, {13, 90}};
        int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_3BYTE_BGR};
        int checked = 0;
        for (int type : types) {
            for (int[] size : sizes) {
                byte[] png = png(image(type, size[0], size[1], checked));
                BufferedImage reference = ImageIO.read(new ByteArrayInputStream(png));

                ImageProbe.Result lean = LeanPng.decode(png, ImageProbe.MAX_PIXELS);

                assertThat(lean).as("type %d size %dx%d", type, size[0], size[1]).isNotNull();
                assertThat(lean).isEqualTo(new ImageProbe.Result(reference.getWidth(), reference.getHeight(),
                        DHash.of(reference), null));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(24);
    }

    @Test
    void anythingElseIsLeftToImageIo() throws Exception {
        byte[] good = png(image(BufferedImage.TYPE_BYTE_GRAY, 28, 28, 1));
        byte[] badCrc = good.clone();
        badCrc[40] ^= 0x55; // inside the first IDAT
        byte[] palette = png(image(BufferedImage.TYPE_BYTE_INDEXED, 16, 16, 2));
        byte[] sixteenBit = png(new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY));

        assertThat(LeanPng.decode(Arrays.copyOf(good, good.length / 2), ImageProbe.MAX_PIXELS)).isNull();
        assertThat(LeanPng.decode(Arrays.copyOf(good, good.length - 12), ImageProbe.MAX_PIXELS)).isNull(); // no IEND
        assertThat(LeanPng.decode(badCrc, ImageProbe.MAX_PIXELS)).isNull();
        assertThat(LeanPng.decode(palette, ImageProbe.MAX_PIXELS)).isNull();
        assertThat(LeanPng.decode(sixteenBit, ImageProbe.MAX_PIXELS)).isNull();
        assertThat(LeanPng.decode(good, 28 * 28 - 1)).isNull(); // over the limit: ImageIO words the refusal
        assertThat(LeanPng.decode("GIF89a".getBytes(), ImageProbe.MAX_PIXELS)).isNull();
        // and through the probe, ImageIO still decodes what the lean path passed on
        assertThat(new ImageProbe().probe(palette).decoded()).isTrue();
        assertThat(new ImageProbe().probe(sixteenBit).decoded()).isTrue();
        assertThat(new ImageProbe().probe(Arrays.copyOf(good, good.length / 2)).decoded()).isFalse();
    }
}
