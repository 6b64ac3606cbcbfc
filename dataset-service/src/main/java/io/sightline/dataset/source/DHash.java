package io.sightline.dataset.source;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * A 64-bit difference hash (dHash) of an image's pixels: the image shrunk to 9×8 grey cells (box average),
 * one bit per horizontally adjacent pair — set when the left cell is brighter. Re-encoding, small resizes
 * and slight colour changes keep most bits, so look-alike images have hashes a few bits apart.
 */
public final class DHash {

    private DHash() {
    }

    /** dHash of a decoded image. */
    public static long of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] sum = new double[9 * 8];
        int[] count = new int[9 * 8];
        Raster raster = image.getRaster();
        boolean grey = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            int cy = (int) ((long) y * 8 / h);
            if (grey) {
                raster.getSamples(0, y, w, 1, 0, row);
            } else {
                image.getRGB(0, y, w, 1, row, 0, w);
            }
            for (int x = 0; x < w; x++) {
                int cx = (int) ((long) x * 9 / w);
                int v = row[x];
                double lum = grey ? v : 0.299 * ((v >> 16) & 0xFF) + 0.587 * ((v >> 8) & 0xFF) + 0.114 * (v & 0xFF);
                sum[cy * 9 + cx] += lum;
                count[cy * 9 + cx]++;
            }
        }
        return fromCells(sum, count);
    }

    /**
     * The hash from the 9×8 cells' luminance sums and pixel counts, row-major; {@link LeanPng} fills them
     * with the same arithmetic in the same order, so both decoders give the same hash. {@code sum} is turned into
     * the cells' means in place (no array per image: imports hash tens of thousands).
     */
    static long fromCells(double[] sum, int[] count) {
        // an image narrower than 9 or lower than 8 pixels leaves cells empty: they take their left neighbour
        double[] cell = sum;
        for (int i = 0; i < cell.length; i++) {
            cell[i] = count[i] > 0 ? sum[i] / count[i] : (i % 9 > 0 ? cell[i - 1] : 0);
        }
        long bits = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                bits = (bits << 1) | (cell[y * 9 + x] > cell[y * 9 + x + 1] ? 1 : 0);
            }
        }
        return bits;
    }
}
