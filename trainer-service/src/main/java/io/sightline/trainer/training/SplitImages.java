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
 */
public record SplitImages(String split, int count, int inputSize, float[] pixels, int[] labels, ImageLoader loader) {

    /** Reads and preprocesses one image of a split. */
    @FunctionalInterface
    public interface ImageLoader {
        float[] load(int index) throws TrainingFailure;
    }

    public SplitImages {
        if (labels.length != count || (pixels == null ? loader == null : pixels.length != (long) count * inputSize)) {
            throw new IllegalArgumentException("pixels and labels do not match " + count + " images of " + inputSize);
        }
    }

    /** A cached split. */
    public SplitImages(String split, int count, int inputSize, float[] pixels, int[] labels) {
        this(split, count, inputSize, pixels, labels, null);
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
            System.arraycopy(pixels, index * inputSize, target, offset, inputSize);
        } else {
            System.arraycopy(loader.load(index), 0, target, offset, inputSize);
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
