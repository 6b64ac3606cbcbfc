package io.sightline.trainer.training;

/**
 * The preprocessed images of one split, laid out back to back so they become one array without copying
 * image by image.
 *
 * @param split     {@code train}, {@code val} or {@code test}
 * @param count     number of images
 * @param inputSize floats per image (channels × height × width)
 * @param pixels    {@code count × inputSize} floats, image {@code i} at {@code i × inputSize}
 * @param labels    label (class index) of each image
 */
public record SplitImages(String split, int count, int inputSize, float[] pixels, int[] labels) {

    public SplitImages {
        if (pixels.length != (long) count * inputSize || labels.length != count) {
            throw new IllegalArgumentException("pixels and labels do not match " + count + " images of " + inputSize);
        }
    }

    public boolean isEmpty() {
        return count == 0;
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
