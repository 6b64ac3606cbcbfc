package io.sightline.vision;

import java.util.List;

/**
 * What a model takes and gives: input size, channels and normalisation, and the class names its
 * outputs stand for. Stored as {@code signature.json} beside the weights; serving preprocesses strictly
 * by it.
 *
 * @param width    input width in pixels
 * @param height   input height in pixels
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param mean     per-channel mean subtracted after scaling pixels to [0, 1]
 * @param std      per-channel standard deviation divided by after subtracting the mean
 * @param classes  class names; output {@code i} is the score of {@code classes.get(i)}
 */
public record ImageSignature(int width, int height, int channels, List<Float> mean, List<Float> std,
                             List<String> classes) {

    public ImageSignature {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (mean.size() != channels || std.size() != channels) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("std must be positive");
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        classes = List.copyOf(classes);
    }

    /** RGB input of the given square size, normalised to roughly [-1, 1]. */
    public static ImageSignature rgb(int size, List<String> classes) {
        return new ImageSignature(size, size, 3, List.of(0.5f, 0.5f, 0.5f), List.of(0.5f, 0.5f, 0.5f), classes);
    }

    /** Values per image: channels × height × width. */
    public int inputSize() {
        return channels * height * width;
    }
}
