package io.sightline.trainer.training;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Random changes to a preprocessed training image ({@code C×H×W} floats), drawn anew every epoch. Held-out and
 * test images are never changed.
 */
public enum Augmentation {
    /** Mirror left-right with probability ½ (right for photos and shapes; wrong for text or traffic signs). */
    FLIP,
    /**
     * Shift by up to an eighth of the side in each direction, filling the uncovered border with the nearest edge
     * pixel (Keras' {@code fill_mode="nearest"}): a constant fill would paint bars of a colour the pictures may
     * never have (mid-grey on Fashion-MNIST's black), which the network then learns.
     */
    CROP;

    /** Parses names like {@code flip}, {@code crop}. */
    public static Set<Augmentation> parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.of();
        }
        EnumSet<Augmentation> set = EnumSet.noneOf(Augmentation.class);
        for (String name : names) {
            set.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return set;
    }

    /** Whether every name is known. */
    public static boolean isKnown(String name) {
        try {
            valueOf(name.trim().toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Applies the augmentations to {@code image} at {@code offset} in place. */
    static void apply(Set<Augmentation> augmentations, float[] image, int offset, int channels, int height, int width,
                      Random random, float[] scratch) {
        if (augmentations.contains(FLIP) && random.nextBoolean()) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int row = offset + (c * height + y) * width;
                    for (int l = 0, r = width - 1; l < r; l++, r--) {
                        float swap = image[row + l];
                        image[row + l] = image[row + r];
                        image[row + r] = swap;
                    }
                }
            }
        }
        if (augmentations.contains(CROP)) {
            int maxShift = Math.max(1, Math.min(height, width) / 8);
            int dy = random.nextInt(2 * maxShift + 1) - maxShift;
            int dx = random.nextInt(2 * maxShift + 1) - maxShift;
            if (dx != 0 || dy != 0) {
                int size = channels * height * width;
                System.arraycopy(image, offset, scratch, 0, size);
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < height; y++) {
                        int sy = Math.max(0, Math.min(height - 1, y - dy));
                        for (int x = 0; x < width; x++) {
                            int sx = Math.max(0, Math.min(width - 1, x - dx));
                            image[offset + (c * height + y) * width + x] = scratch[(c * height + sy) * width + sx];
                        }
                    }
                }
            }
        }
    }
}
