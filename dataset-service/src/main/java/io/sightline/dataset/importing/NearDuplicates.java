package io.sightline.dataset.importing;

import io.sightline.dataset.source.SourceScanner;
import java.util.ArrayList;
import java.util.List;

/**
 * Perceptual near-duplicates: the pairs of images on different sides of a split whose difference hashes
 * ({@link io.sightline.dataset.source.DHash}, taken when each file was read) differ in at most a few bits.
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

    /**
     * For each item outside train (test, validation), its closest train item within {@code maxDistance}, if
     * any; identical contents excluded (those are one group and never straddle sides). That is the leakage
     * that matters: a test image the model has nearly seen. Ties go to the first train item met (bands in
     * order, each band's bucket in the items' order).
     */
    public static List<Pair> acrossSides(List<Item> items, int maxDistance) {
        return acrossSides(items, maxDistance, (count, task) -> {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
        });
    }

    /**
     * {@link #acrossSides(List, int)} with the bands indexed and the items searched by {@code spread}; the pairs are
     * the same on any number of threads, in the items' order.
     */
    public static List<Pair> acrossSides(List<Item> items, int maxDistance, SourceScanner.Spread spread) {
        int bands = maxDistance + 1;
        List<Item> train = items.stream().filter(i -> DatasetManifestSplits.TRAIN.equals(i.split())).toList();
        List<Item> others = items.stream().filter(i -> !DatasetManifestSplits.TRAIN.equals(i.split())).toList();
        // per band: train items ordered by band value (then by their order in items), with their keys and hashes
        // in flat arrays, so a bucket is a contiguous run scanned without boxing or pointer chasing
        int[][] order = new int[bands][];
        long[][] keys = new long[bands][];
        long[][] hashes = new long[bands][];
        spread.forEach(bands, band -> {
            order[band] = byBucket(train, band, bands);
            keys[band] = new long[train.size()];
            hashes[band] = new long[train.size()];
            for (int j = 0; j < train.size(); j++) {
                hashes[band][j] = train.get(order[band][j]).dhash();
                keys[band][j] = bucketKey(hashes[band][j], band, bands);
            }
        });
        Pair[] found = new Pair[others.size()];
        int chunk = 256; // items per task: enough work to be worth a hand-off, small enough to balance
        spread.forEach((others.size() + chunk - 1) / chunk, c -> {
            for (int i = c * chunk; i < Math.min(others.size(), (c + 1) * chunk); i++) {
                found[i] = closest(others.get(i), train, order, keys, hashes, maxDistance);
            }
        });
        List<Pair> pairs = new ArrayList<>();
        for (Pair pair : found) {
            if (pair != null) {
                pairs.add(pair);
            }
        }
        return pairs;
    }

    /**
     * The closest train item to {@code a} within {@code maxDistance}, or null. The search for one item stops at the first
     * train item at distance 0, and once the bands searched are as many as the best distance so far: an item closer than
     * d differs in fewer than d bands, so it shares one of any d of them (a large set of look-alikes costs a few bands,
     * not all pairs).
     */
    private static Pair closest(Item a, List<Item> train, int[][] order, long[][] keys, long[][] hashes,
                                int maxDistance) {
        int bands = keys.length;
        Item best = null;
        int bestDistance = maxDistance + 1;
        for (int band = 0; band < bands && band < bestDistance; band++) {
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
                        return new Pair(a.path(), a.split(), b.path(), b.split(), 0);
                    }
                }
            }
        }
        return best == null ? null : new Pair(a.path(), a.split(), best.path(), best.split(), bestDistance);
    }

    /** Indices of {@code train} ordered by their bucket key in {@code band}, then by index. */
    private static int[] byBucket(List<Item> train, int band, int bands) {
        int[] order = new int[train.size()];
        if ((64 + bands - 1) / bands + 4 <= 31) { // key and index fit in one long: a primitive sort, no boxing, no comparator
            long[] packed = new long[order.length];
            for (int i = 0; i < packed.length; i++) {
                packed[i] = bucketKey(train.get(i).dhash(), band, bands) << 32 | i;
            }
            java.util.Arrays.sort(packed);
            for (int j = 0; j < packed.length; j++) {
                order[j] = (int) packed[j];
            }
            return order;
        }
        Integer[] sorted = new Integer[order.length]; // one or two wide bands (distance 0 or 1)
        java.util.Arrays.setAll(sorted, i -> i);
        java.util.Arrays.sort(sorted, java.util.Comparator.<Integer>comparingLong(
                i -> bucketKey(train.get(i).dhash(), band, bands)).thenComparingInt(i -> i));
        for (int j = 0; j < order.length; j++) {
            order[j] = sorted[j];
        }
        return order;
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
