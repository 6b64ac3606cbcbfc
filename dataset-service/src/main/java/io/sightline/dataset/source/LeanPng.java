package io.sightline.dataset.source;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.Arrays;
import java.util.zip.Inflater;

/**
 * A lean decoder for the PNGs image datasets are mostly made of: 8-bit grey, RGB or RGBA, not interlaced,
 * holding only {@code IHDR}, {@code IDAT}, {@code IEND} and text, time or pixel-size chunks. It inflates and
 * un-filters the rows and goes straight to the size and the dHash, without ImageIO's streams, metadata and
 * {@code BufferedImage} — for a 28×28 image those cost more than the pixels.
 *
 * <p>It proves no less: every chunk's CRC, the zlib stream (with its checksum) and every row's filter are
 * checked, and the data must hold exactly the pixels the header announces. Anything else — another colour
 * type or depth, interlacing, a colour profile or gamma chunk, any damage — returns null, and
 * {@link ImageProbe} decodes the file with ImageIO, which decides (and words the failure).
 */
final class LeanPng {

    /** Larger images go through ImageIO: per-call overhead no longer matters there. */
    static final long MAX_PIXELS = 4L << 20;

    private static final int IHDR = 0x49484452;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454e44;
    private static final int TEXT = 0x74455874;
    private static final int ZTXT = 0x7a545874;
    private static final int ITXT = 0x69545874;
    private static final int TIME = 0x74494d45;
    private static final int PHYS = 0x70485973;

    /** Inflaters hold native memory: one per thread, reset between files. */
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);
    /** The hash's 9×8 cells, one pair per thread: an import hashes tens of thousands of images. */
    private static final ThreadLocal<Cells> CELLS = ThreadLocal.withInitial(
            () -> new Cells(new double[9 * 8], new int[9 * 8]));

    private record Cells(double[] sum, int[] count) {
    }

    private LeanPng() {
    }

    /** The decoded size and dHash, or null to let ImageIO decode {@code b}. */
    static ImageProbe.Result decode(byte[] b, long maxPixels) {
        if (b.length < 8 || (b[0] & 0xFF) != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G' || b[4] != '\r'
                || b[5] != '\n' || b[6] != 0x1A || b[7] != '\n') {
            return null;
        }
        Inflater inflater = INFLATER.get();
        inflater.reset();
        CRC32 crc = new CRC32();
        byte[] one = new byte[1];
        int width = 0;
        int height = 0;
        int channels = 0;
        byte[] raw = null;
        int produced = 0;
        boolean ended = false;
        int pos = 8;
        try {
            while (!ended) {
                if (pos + 12 > b.length) {
                    return null;
                }
                int length = readInt(b, pos);
                int type = readInt(b, pos + 4);
                int data = pos + 8;
                if (length < 0 || (long) data + length + 4 > b.length) {
                    return null;
                }
                crc.reset();
                crc.update(b, pos + 4, 4 + length);
                if ((int) crc.getValue() != readInt(b, data + length)) {
                    return null;
                }
                switch (type) {
                    case IHDR -> {
                        if (raw != null || length != 13 || b[data + 8] != 8 || b[data + 10] != 0 || b[data + 11] != 0
                                || b[data + 12] != 0) {
                            return null;
                        }
                        width = readInt(b, data);
                        height = readInt(b, data + 4);
                        channels = switch (b[data + 9]) {
                            case 0 -> 1;
                            case 2 -> 3;
                            case 6 -> 4;
                            default -> 0;
                        };
                        if (channels == 0 || width <= 0 || height <= 0
                                || (long) width * height > Math.min(maxPixels, MAX_PIXELS)) {
                            return null;
                        }
                        raw = new byte[height * (width * channels + 1)];
                    }
                    case IDAT -> {
                        if (raw == null) {
                            return null;
                        }
                        inflater.setInput(b, data, length);
                        while (!inflater.finished() && !inflater.needsInput()) {
                            if (inflater.needsDictionary()) {
                                return null;
                            }
                            if (produced == raw.length) {
                                // only the zlib trailer may follow the pixels
                                if (inflater.inflate(one) > 0 || (!inflater.finished() && !inflater.needsInput())) {
                                    return null;
                                }
                            } else {
                                produced += inflater.inflate(raw, produced, raw.length - produced);
                            }
                        }
                    }
                    case IEND -> ended = true;
                    case TEXT, ZTXT, ITXT, TIME, PHYS -> {
                        // ancillary, no effect on the pixels
                    }
                    default -> {
                        return null;
                    }
                }
                pos = data + length + 4;
            }
        } catch (DataFormatException e) {
            return null;
        }
        if (raw == null || !inflater.finished() || produced != raw.length || !unfilter(raw, width * channels, channels)) {
            return null;
        }
        return new ImageProbe.Result(width, height, dhash(raw, width, height, channels), null);
    }

    /** Undoes the per-row filters in place; false on an unknown filter type. */
    private static boolean unfilter(byte[] raw, int stride, int bpp) {
        int rows = raw.length / (stride + 1);
        for (int y = 0; y < rows; y++) {
            int row = y * (stride + 1) + 1;
            int prev = row - (stride + 1); // only read when y > 0
            switch (raw[row - 1]) {
                case 0 -> {
                }
                case 1 -> {
                    for (int i = bpp; i < stride; i++) {
                        raw[row + i] += raw[row + i - bpp];
                    }
                }
                case 2 -> {
                    if (y > 0) {
                        for (int i = 0; i < stride; i++) {
                            raw[row + i] += raw[prev + i];
                        }
                    }
                }
                case 3 -> {
                    for (int i = 0; i < stride; i++) {
                        int left = i >= bpp ? raw[row + i - bpp] & 0xFF : 0;
                        int up = y > 0 ? raw[prev + i] & 0xFF : 0;
                        raw[row + i] += (byte) ((left + up) >>> 1);
                    }
                }
                case 4 -> {
                    for (int i = 0; i < stride; i++) {
                        int a = i >= bpp ? raw[row + i - bpp] & 0xFF : 0;
                        int up = y > 0 ? raw[prev + i] & 0xFF : 0;
                        int c = i >= bpp && y > 0 ? raw[prev + i - bpp] & 0xFF : 0;
                        int p = a + up - c;
                        int pa = Math.abs(p - a);
                        int pb = Math.abs(p - up);
                        int pc = Math.abs(p - c);
                        raw[row + i] += (byte) (pa <= pb && pa <= pc ? a : pb <= pc ? up : c);
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link DHash#of(java.awt.image.BufferedImage)}'s arithmetic, on the un-filtered rows. */
    private static long dhash(byte[] raw, int w, int h, int channels) {
        Cells cells = CELLS.get();
        double[] sum = cells.sum();
        int[] count = cells.count();
        Arrays.fill(sum, 0);
        Arrays.fill(count, 0);
        int stride = w * channels;
        for (int y = 0; y < h; y++) {
            int cy = (int) ((long) y * 8 / h);
            int row = y * (stride + 1) + 1;
            // cx = x * 9 / w, stepped instead of divided per pixel: the division was the loop's main cost
            int cx = 0;
            long edge = w; // x * 9 at which cx moves to the next cell
            for (int x = 0; x < w; x++) {
                while ((long) x * 9 >= edge) {
                    cx++;
                    edge += w;
                }
                int at = row + x * channels;
                double lum = channels == 1 ? raw[at] & 0xFF
                        : 0.299 * (raw[at] & 0xFF) + 0.587 * (raw[at + 1] & 0xFF) + 0.114 * (raw[at + 2] & 0xFF);
                sum[cy * 9 + cx] += lum;
                count[cy * 9 + cx]++;
            }
        }
        return DHash.fromCells(sum, count);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
