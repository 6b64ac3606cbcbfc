package io.sightline.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;

/**
 * Perceptual near-duplicates: a 64-bit difference hash (dHash) per image, and the pairs of images on
 * different sides of a split whose hashes differ in at most a few bits.
 *
 * <p>dHash: the image shrunk to 9×8 grey cells (box average), one bit per horizontally adjacent pair —
 * set when the left cell is brighter. Re-encoding, small resizes and slight colour changes keep most bits.
 *
 * <p>Pairs are found without comparing everything with everything: with a distance of at most d, two
 * hashes split into d + 1 bands agree on at least one whole band (pigeonhole), so each hash is compared
 * only with the hashes sharing one of its band values.
 */
public final class NearDuplicates {

    /** Largest distance supported: 9 bands of at least 7 bits keep the buckets selective. */
    public static final int MAX_DISTANCE = 8;

    /** One image as the search sees it. */
    public record Item(String path, String split, String sha256, long dhash) {
    }

    /**
     * Two images on different sides that look alike.
     *
     * @param a        path on one side
     * @param aSplit   its side
     * @param b        path on the other side
     * @param bSplit   its side
     * @param distance Hamming distance of their dHashes, 0-64
     */
    public record Pair(String a, String aSplit, String b, String bSplit, int distance) {
    }

    private NearDuplicates() {
    }

    /** dHash of a decoded image. */
    public static long dhash(BufferedImage image) {
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
        return dhash(sum, count);
    }

    /**
     * The hash from the 9×8 cells' luminance sums and pixel counts, row-major; {@link LeanPng} fills them
     * with the same arithmetic in the same order, so both decoders give the same hash.
     */
    static long dhash(double[] sum, int[] count) {
        // an image narrower than 9 or lower than 8 pixels leaves cells empty: they take their left neighbour
        double[] cell = new double[9 * 8];
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

    /**
     * For each item outside train (test, validation), its closest train item within {@code maxDistance}, if
     * any; identical contents excluded (those are one group and never straddle sides). That is the leakage
     * that matters: a test image the model has nearly seen. The search for one item stops at the first
     * train item at distance 0, so a large set of look-alikes costs one pass, not all pairs.
     */
    public static List<Pair> acrossSides(List<Item> items, int maxDistance) {
        int bands = maxDistance + 1;
        List<Item> train = items.stream().filter(i -> DatasetManifestSplits.TRAIN.equals(i.split())).toList();
        // per band: train items ordered by band value (then by their order in items), with their keys and hashes
        // in flat arrays, so a bucket is a contiguous run scanned without boxing or pointer chasing
        int[][] order = new int[bands][];
        long[][] keys = new long[bands][];
        long[][] hashes = new long[bands][];
        for (int band = 0; band < bands; band++) {
            int b = band;
            Integer[] sorted = new Integer[train.size()];
            java.util.Arrays.setAll(sorted, i -> i);
            java.util.Arrays.sort(sorted, java.util.Comparator.<Integer>comparingLong(
                    i -> bucketKey(train.get(i).dhash(), b, bands)).thenComparingInt(i -> i));
            order[band] = new int[sorted.length];
            keys[band] = new long[sorted.length];
            hashes[band] = new long[sorted.length];
            for (int j = 0; j < sorted.length; j++) {
                order[band][j] = sorted[j];
                keys[band][j] = bucketKey(train.get(sorted[j]).dhash(), band, bands);
                hashes[band][j] = train.get(sorted[j]).dhash();
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (Item a : items) {
            if (DatasetManifestSplits.TRAIN.equals(a.split())) {
                continue;
            }
            Item best = null;
            int bestDistance = maxDistance + 1;
            search:
            for (int band = 0; band < bands; band++) {
                long key = bucketKey(a.dhash(), band, bands);
                long[] bandKeys = keys[band];
                long[] bandHashes = hashes[band];
                for (int j = firstAtLeast(bandKeys, key); j < bandKeys.length && bandKeys[j] == key; j++) {
                    int distance = Long.bitCount(a.dhash() ^ bandHashes[j]);
                    if (distance < bestDistance) {
                        Item b = train.get(order[band][j]);
                        if (distance == 0 && a.sha256().equals(b.sha256())) {
                            continue; // identical content: one group, never on two sides
                        }
                        best = b;
                        bestDistance = distance;
                        if (distance == 0) {
                            break search;
                        }
                    }
                }
            }
            if (best != null) {
                pairs.add(new Pair(a.path(), a.split(), best.path(), best.split(), bestDistance));
            }
        }
        return pairs;
    }

    /** The first index holding a value {@code >= key} in ascending {@code sorted}. */
    private static int firstAtLeast(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The split names, without depending on the storage module here. */
    private static final class DatasetManifestSplits {
        static final String TRAIN = io.sightline.storage.DatasetManifest.TRAIN;
    }

    /** Band {@code band} of {@code bands} near-equal bit ranges of the hash, tagged with the band number. */
    private static long bucketKey(long hash, int band, int bands) {
        int from = band * 64 / bands;
        int to = (band + 1) * 64 / bands;
        long mask = to - from == 64 ? -1L : ((1L << (to - from)) - 1);
        return ((hash >>> from) & mask) * 16 + band;
    }
}
