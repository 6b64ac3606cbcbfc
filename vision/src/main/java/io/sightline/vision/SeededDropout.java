package io.sightline.vision;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Dropout whose masks come from a generator of its own, seeded by the trainer, instead of the engine's one
 * global generator. Two jobs training in one JVM at once then draw their own masks, and each run stays
 * reproducible for its seed. Outside training it passes its input through, like DJL's {@code Dropout}, and it
 * reads and writes the same bytes in a parameter file, so models saved with either load into the other.
 *
 * <p>The masks are made on the host, one float per activation: it sits in a classifier head (batch × a few
 * dozen units), where that costs microseconds.
 */
public final class SeededDropout extends AbstractBlock {

    /** The encoding version of DJL's {@code Dropout}, whose parameter bytes this block shares. */
    private static final byte VERSION = 2;

    private final float rate;
    private SplittableRandom random = new SplittableRandom(0);

    /** @param rate the fraction of activations dropped in training, in [0, 1) */
    public SeededDropout(float rate) {
        super(VERSION);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public float rate() {
        return rate;
    }

    /** Restarts the mask sequence; the trainer calls it with a seed per (run seed, epoch). */
    public synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (!training || rate == 0f) {
            return new NDList(input);
        }
        float[] mask = mask(Math.toIntExact(input.getShape().size()));
        NDArray scale = input.getManager().create(mask, input.getShape()).toDevice(input.getDevice(), false);
        return new NDList(input.mul(scale));
    }

    /** Inverted dropout: kept activations are scaled by 1 / (1 - rate), so inference needs no scaling. */
    private synchronized float[] mask(int size) {
        float keep = 1f / (1f - rate);
        float[] mask = new float[size];
        for (int i = 0; i < size; i++) {
            mask[i] = random.nextFloat() < rate ? 0f : keep;
        }
        return mask;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
    }

    @Override
    public String toString() {
        return "SeededDropout(" + rate + ")";
    }
}
