package io.sightline.kit.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The decoded size of an image, told from its header alone, against a share of the heap. */
class DecodeBudgetTest {

    /** A PNG signature and an IHDR claiming the size, bit depth and colour type; no pixel data. */
    static byte[] pngHeader(int width, int height, int depth, int colourType) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) depth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(33).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    @Test
    void bytesPerPixelComeFromTheBandsAndTheBitDepth() {
        assertThat(DecodeBudget.header(pngHeader(10_000, 10_000, 16, 6))).containsExactly(10_000, 10_000, 8);
        assertThat(DecodeBudget.header(pngHeader(10_000, 10_000, 8, 0))).containsExactly(10_000, 10_000, 1);
        assertThat(DecodeBudget.header(pngHeader(3, 2, 8, 2))).containsExactly(3, 2, 3);
        assertThat(DecodeBudget.header("not an image".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(DecodeBudget.header(null)).isNull();
    }

    @Test
    void otherFormatsAreToldByImageIosReader() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpg", jpeg);
        long[] header = DecodeBudget.header(jpeg.toByteArray());
        assertThat(header[0]).isEqualTo(40);
        assertThat(header[1]).isEqualTo(30);
        assertThat(header[2]).isBetween(3L, 4L);
    }

    @Test
    void theSameSizeIsRefusedOrNotByItsDepthAndAnAbsurdHeaderCannotOverflow() {
        DecodeBudget budget = new DecodeBudget(256L << 20);
        assertThat(budget.refusal(10_000, 10_000, 8)).isEqualTo("too large to decode: 10000x10000 pixels of 8 bytes"
                + " need 763 MiB, over the limit of 256 MiB (a share of the heap)");
        assertThat(budget.refusal(10_000, 10_000, 1)).isNull();
        assertThat(DecodeBudget.decodedBytes(Integer.MAX_VALUE, Integer.MAX_VALUE, 8)).isEqualTo(Long.MAX_VALUE);
        assertThat(budget.refusal(Integer.MAX_VALUE, Integer.MAX_VALUE, 8)).startsWith("too large to decode");
        assertThat(DecodeBudget.ofHeapShare(0.1).maxBytes()).isPositive();
    }
}
