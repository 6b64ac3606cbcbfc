package io.sightline.trainer.training;

/**
 * The spread of one epoch's batch losses (Welford's running mean and variance), read as the standard error of the
 * epoch's mean loss: how far that mean moves by which batches met the network in which state, not by learning.
 * An epoch-to-epoch rise smaller than that is sampling (decision 116).
 */
final class BatchLossSpread {

    private long count;
    private double mean;
    private double squares;

    void add(double loss) {
        count++;
        double delta = loss - mean;
        mean += delta / count;
        squares += delta * (loss - mean);
    }

    /** The standard error of the mean batch loss; null under two batches (no spread to read). */
    Double standardError() {
        if (count < 2) {
            return null;
        }
        return Math.sqrt(squares / (count - 1) / count);
    }
}
