package io.sightline.dataset.source;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * The most bytes one decoded image may take, a share of the heap: a pixel count alone says nothing about
 * memory (a 10000×10000 16-bit RGBA PNG of under 1 MB decodes to 800 MB; the same pixels in 8-bit grey to
 * 100 MB). Checked from the header, before any pixel is decoded.
 *
 * @param maxBytes largest decoded raster, in bytes
 */
public record DecodeBudget(long maxBytes) {

    /** Share of the heap one decode may take when none is configured; imports decode on several threads. */
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
    public String refusal(int width, int height, int bytesPerPixel) {
        long bytes = (long) width * height * bytesPerPixel;
        if (bytes <= maxBytes) {
            return null;
        }
        return "too large to decode: " + width + "x" + height + " pixels of " + bytesPerPixel + " bytes need "
                + mebibytes(bytes) + " MiB (limit " + mebibytes(maxBytes) + " MiB, a share of the heap)";
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
