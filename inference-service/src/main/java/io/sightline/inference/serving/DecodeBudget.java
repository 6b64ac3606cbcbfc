package io.sightline.inference.serving;

import io.sightline.vision.InvalidImageException;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * The most bytes one decoded request image may take, a share of the heap. A pixel limit alone says
 * nothing about memory: a 10000×10000 16-bit RGBA PNG of under 1 MB decodes to 800 MB, and concurrent
 * requests add up. The bytes are told from the header (size × bytes per pixel of its bands and bit depth)
 * before anything is decoded; a PNG's header is read directly, the cheap common case.
 *
 * @param maxBytes largest decoded raster, in bytes
 */
public record DecodeBudget(long maxBytes) {

    /** Share of the heap one decode may take when none is configured. */
    public static final double DEFAULT_HEAP_SHARE = 0.1;

    private static final int PNG_HEADER_BYTES = 29;

    public DecodeBudget {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("a decode budget must be at least 1 byte, got " + maxBytes);
        }
    }

    /** {@code share} of this JVM's largest heap ({@link Runtime#maxMemory()}). */
    public static DecodeBudget ofHeapShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a heap share must be greater than 0 and at most 1, got " + share);
        }
        return new DecodeBudget(Math.max(1, (long) (Runtime.getRuntime().maxMemory() * share)));
    }

    /**
     * The bytes the image will take decoded, as its header tells.
     *
     * @return the decoded size, 0 when the header cannot be read (left to the decoder, which words that failure)
     * @throws InvalidImageException when the header announces more decoded bytes than the budget
     */
    public long check(byte[] encoded) throws InvalidImageException {
        if (encoded == null) {
            return 0;
        }
        long[] header = pngHeader(encoded);
        if (header == null) {
            header = imageIoHeader(encoded);
        }
        if (header == null) {
            return 0;
        }
        long bytes = header[0] * header[1] * header[2];
        if (bytes > maxBytes) {
            throw new InvalidImageException("image of " + header[0] + "x" + header[1] + " pixels of " + header[2]
                    + " bytes needs " + mebibytes(bytes) + " MiB to decode, over the limit of " + mebibytes(maxBytes)
                    + " MiB (a share of the heap)");
        }
        return bytes;
    }

    /** Width, height and decoded bytes per pixel from a PNG's IHDR, or null when it is not a PNG. */
    static long[] pngHeader(byte[] b) {
        if (b.length < PNG_HEADER_BYTES || (b[0] & 0xFF) != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G'
                || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return null;
        }
        long width = readInt(b, 16) & 0xFFFFFFFFL;
        long height = readInt(b, 20) & 0xFFFFFFFFL;
        int depth = b[24];
        int channels = switch (b[25]) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1; // grey, or palette indices
        };
        return new long[] {width, height, (long) channels * (depth == 16 ? 2 : 1)};
    }

    /** The same from any format ImageIO reads, by its header; null when it cannot tell. */
    private static long[] imageIoHeader(byte[] encoded) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new long[] {reader.getWidth(0), reader.getHeight(0), bytesPerPixel(reader)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Data elements per pixel × their size (16-bit RGBA: 4 shorts; packed ARGB: one int); 4 when unknown. */
    private static int bytesPerPixel(ImageReader reader) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (types == null || !types.hasNext()) {
            return 4;
        }
        SampleModel samples = types.next().getSampleModel(1, 1);
        return Math.max(1, samples.getNumDataElements() * DataBuffer.getDataTypeSize(samples.getDataType()) / 8);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
