package io.sightline.trainer.training;

/**
 * The preprocessed images of one split. Cached: laid out back to back in {@code pixels}, so they become one
 * array without copying image by image. Not cached (the dataset is larger than the memory budget): {@code
 * pixels} is null and every image is read and preprocessed again when a batch needs it.
 *
 * @param split     {@code train}, {@code val} or {@code test}
 * @param count     number of images
 * @param inputSize floats per image (channels × height × width)
 * @param pixels    {@code count × inputSize} floats, image {@code i} at {@code i × inputSize}; null when not cached
 * @param labels    label (class index) of each image
 * @param loader    reads and preprocesses image {@code i}; used when {@code pixels} is null
 * @param rows      where image {@code i} lies in {@code pixels} (or which index the loader reads); null: at {@code i}.
 *                  A subset shares the pixels of the split it was taken from instead of copying them.
 */
public record SplitImages(String split, int count, int inputSize, float[] pixels, int[] labels, ImageLoader loader,
                          int[] rows) {

    /** Reads and preprocesses one image of a split. */
    @FunctionalInterface
    public interface ImageLoader {
        float[] load(int index) throws TrainingFailure;
    }

    public SplitImages {
        boolean sized = rows == null ? pixels == null || pixels.length == (long) count * inputSize
                : rows.length == count;
        if (labels.length != count || (pixels == null && loader == null) || !sized) {
            throw new IllegalArgumentException("pixels and labels do not match " + count + " images of " + inputSize);
        }
    }

    /** A cached split. */
    public SplitImages(String split, int count, int inputSize, float[] pixels, int[] labels) {
        this(split, count, inputSize, pixels, labels, null, null);
    }

    /** A split read image by image. */
    public SplitImages(String split, int count, int inputSize, float[] pixels, int[] labels, ImageLoader loader) {
        this(split, count, inputSize, pixels, labels, loader, null);
    }

    /** The images at {@code indices} of this split, as a split named {@code name}; the pixels are shared. */
    public SplitImages subset(String name, int[] indices) {
        int[] subsetRows = new int[indices.length];
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            subsetRows[i] = row(indices[i]);
            subsetLabels[i] = labels[indices[i]];
        }
        return new SplitImages(name, indices.length, inputSize, pixels, subsetLabels, loader, subsetRows);
    }

    private int row(int index) {
        return rows == null ? index : rows[index];
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public boolean isCached() {
        return pixels != null;
    }

    /** Copies image {@code index} into {@code target} at {@code offset}. */
    public void copy(int index, float[] target, int offset) throws TrainingFailure {
        if (pixels != null) {
            System.arraycopy(pixels, row(index) * inputSize, target, offset, inputSize);
        } else {
            System.arraycopy(loader.load(row(index)), 0, target, offset, inputSize);
        }
    }

    /** Images per class, indexed by label. */
    public int[] countsPerClass(int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
