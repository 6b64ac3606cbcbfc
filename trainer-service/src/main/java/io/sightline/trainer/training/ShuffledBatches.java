package io.sightline.trainer.training;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Batches of a dataset in an order that changes every epoch and repeats for the same seed. DJL's own
 * random sampler draws from a JVM-wide generator that anything can advance; this one owns its generator.
 * A lone image left for a last batch joins the one before: batch norm cannot train on a batch of one.
 */
final class ShuffledBatches implements Sampler {

    private final int batchSize;
    private final boolean shuffle;
    private final Random random;

    private ShuffledBatches(int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.random = new Random(seed);
    }

    /** A new order every epoch, the same orders for the same seed. */
    static ShuffledBatches shuffled(int batchSize, long seed) {
        return new ShuffledBatches(batchSize, true, seed);
    }

    /** Dataset order, for evaluation. */
    static ShuffledBatches inOrder(int batchSize) {
        return new ShuffledBatches(batchSize, false, 0);
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        int size = Math.toIntExact(dataset.size());
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = size - 1; i > 0; i--) { // Fisher–Yates
                int j = random.nextInt(i + 1);
                long swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        List<List<Long>> batches = new ArrayList<>();
        for (int from = 0; from < size; from += batchSize) {
            int to = Math.min(size, from + batchSize);
            if (shuffle && to - from == 1 && !batches.isEmpty()) {
                batches.get(batches.size() - 1).add(order[from]);
                break;
            }
            List<Long> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(order[i]);
            }
            batches.add(batch);
        }
        return batches.iterator();
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }
}
