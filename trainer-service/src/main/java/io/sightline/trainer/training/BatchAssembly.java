package io.sightline.trainer.training;

import ai.djl.ndarray.types.Shape;
import io.sightline.vision.ImageSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Puts a split's images together into batches: the order of each epoch, the pixels of one batch (augmented when
 * training), their labels and the tensor shape they take.
 */
final class BatchAssembly {

    private final ImageSignature signature;
    private final Set<Augmentation> augmentation;

    /**
     * @param signature    the input the network takes
     * @param augmentation what to change in training batches; empty for none
     */
    BatchAssembly(ImageSignature signature, Set<Augmentation> augmentation) {
        this.signature = signature;
        this.augmentation = augmentation;
    }

    /** Batches of a shuffled order; a lone last image joins the batch before (batch norm cannot train on one). */
    static List<int[]> batches(int count, int batchSize, Random random) {
        int[] order = IntStream.range(0, count).toArray();
        if (random != null) {
            for (int i = count - 1; i > 0; i--) { // Fisher–Yates
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < count; from += batchSize) {
            int to = Math.min(count, from + batchSize);
            if (random != null && to - from == 1 && !batches.isEmpty()) {
                int[] last = batches.remove(batches.size() - 1);
                int[] merged = Arrays.copyOf(last, last.length + 1);
                merged[last.length] = order[from];
                batches.add(merged);
                break;
            }
            batches.add(Arrays.copyOfRange(order, from, to));
        }
        return batches;
    }

    /**
     * The pixels of a batch, image after image.
     *
     * @param augmentation draws the random changes of a training batch; null for none (evaluation)
     */
    float[] gather(SplitImages split, int[] batch, Random augmentation) throws TrainingFailure {
        int size = split.inputSize();
        float[] pixels = new float[batch.length * size];
        if (split.isCached()) {
            for (int i = 0; i < batch.length; i++) {
                split.copy(batch[i], pixels, i * size);
            }
        } else {
            // not cached: read and preprocess the batch's images in parallel, each into its own slot
            AtomicReference<TrainingFailure> failure = new AtomicReference<>();
            IntStream.range(0, batch.length).parallel().forEach(i -> {
                try {
                    split.copy(batch[i], pixels, i * size);
                } catch (TrainingFailure e) {
                    failure.compareAndSet(null, e);
                }
            });
            if (failure.get() != null) {
                throw failure.get();
            }
        }
        if (augmentation != null && !this.augmentation.isEmpty()) {
            float[] scratch = new float[size];
            for (int i = 0; i < batch.length; i++) {
                Augmentation.apply(this.augmentation, pixels, i * size, signature.channels(), signature.height(),
                        signature.width(), augmentation, scratch);
            }
        }
        return pixels;
    }

    /** The labels of a batch's images, as the loss takes them. */
    static float[] labels(SplitImages split, int[] batch) {
        float[] labels = new float[batch.length];
        for (int i = 0; i < batch.length; i++) {
            labels[i] = split.labels()[batch[i]];
        }
        return labels;
    }

    /** The tensor shape of {@code count} images. */
    Shape shape(int count) {
        return new Shape(count, signature.channels(), signature.height(), signature.width());
    }
}
