package io.sightline.kit.image;

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
 * The most bytes one decoded image may take, a share of the heap: a pixel count alone says nothing about
 * memory (a 10000×10000 16-bit RGBA PNG of under 1 MB decodes to 800 MB; the same pixels in 8-bit grey to
 * 100 MB). Checked from the header, before any pixel is decoded: by the dataset-service for every file it
 * imports, by the inference-service for every request image.
 *
 * @param maxBytes largest decoded raster, in bytes
 */
public record DecodeBudget(long maxBytes) {

    /** Share of the heap one decode may take when none is configured (decodes run on several threads). */
    public static final double DEFAULT_HEAP_SHARE = 0.1;

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

    /** The default share of this JVM's heap. */
    public static DecodeBudget ofHeap() {
        return ofHeapShare(DEFAULT_HEAP_SHARE);
    }

    /** Why a {@code width × height} image of {@code bytesPerPixel} cannot be decoded, or null when it can. */
    public String refusal(long width, long height, long bytesPerPixel) {
        long bytes = decodedBytes(width, height, bytesPerPixel);
        if (bytes <= maxBytes) {
            return null;
        }
        return "too large to decode: " + width + "x" + height + " pixels of " + bytesPerPixel + " bytes need "
                + mebibytes(bytes) + " MiB, over the limit of " + mebibytes(maxBytes) + " MiB (a share of the heap)";
    }

    /**
     * Width, height and decoded bytes per pixel of an encoded image, from its header only: a PNG's IHDR read
     * directly (the common case), any other format through ImageIO's reader; null when no header can be read.
     */
    public static long[] header(byte[] encoded) {
        if (encoded == null) {
            return null;
        }
        long[] png = pngHeader(encoded);
        return png != null ? png : imageIoHeader(encoded);
    }

    /** Width, height and decoded bytes per pixel from a PNG's IHDR, or null when it is not a PNG. */
    static long[] pngHeader(byte[] b) {
        if (b.length < 29 || (b[0] & 0xFF) != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G'
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

    /** {@code width × height × bytesPerPixel}, saturating at {@link Long#MAX_VALUE} (a header may claim 2^31 × 2^31). */
    public static long decodedBytes(long width, long height, long bytesPerPixel) {
        try {
            return Math.multiplyExact(Math.multiplyExact(width, height), bytesPerPixel);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /**
     * Bytes per decoded pixel as the reader will lay them out, from the header's bands and bit depth
     * (16-bit RGBA: 8); at least 1. A reader that cannot tell counts as 4 (ARGB).
     */
    public static int bytesPerPixel(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types == null || !types.hasNext()) {
                return 4;
            }
            SampleModel samples = types.next().getSampleModel(1, 1);
            // data elements per pixel × their size: 16-bit RGBA is 4 shorts, packed ARGB one int, 1-bit one byte
            return Math.max(1, samples.getNumDataElements() * DataBuffer.getDataTypeSize(samples.getDataType()) / 8);
        } catch (IOException | RuntimeException e) {
            return 4;
        }
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
