package io.sightline.vision;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What a model takes and gives: input size, channels and normalisation, and the classes its outputs stand for.
 * Stored as {@code signature.json} beside the weights; serving preprocesses strictly by it.
 *
 * @param width    input width in pixels
 * @param height   input height in pixels
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param mean     per-channel mean subtracted after scaling pixels to [0, 1]
 * @param std      per-channel standard deviation divided by after subtracting the mean
 * @param classes  class ids (the dataset's labels); output {@code i} is the score of {@code classes.get(i)}
 * @param names    display name of each class, parallel to {@code classes}; null when the dataset named none (and
 *                 in signatures written before names existed)
 */
public record ImageSignature(int width, int height, int channels, List<Float> mean, List<Float> std,
                             List<String> classes, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> names) {

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
        if (names != null && (names.size() != classes.size() || names.stream().anyMatch(Objects::isNull))) {
            throw new IllegalArgumentException("names must give one name per class: " + classes.size()
                    + " classes but names " + names);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        classes = List.copyOf(classes);
        names = names == null ? null : List.copyOf(names);
    }

    /** A signature whose classes have no display names. */
    public ImageSignature(int width, int height, int channels, List<Float> mean, List<Float> std,
                          List<String> classes) {
        this(width, height, channels, mean, std, classes, null);
    }

    /** RGB input of the given square size, normalised to roughly [-1, 1]. */
    public static ImageSignature rgb(int size, List<String> classes) {
        return new ImageSignature(size, size, 3, List.of(0.5f, 0.5f, 0.5f), List.of(0.5f, 0.5f, 0.5f), classes);
    }

    /** This signature with other display names (null: none). */
    public ImageSignature withNames(List<String> names) {
        return new ImageSignature(width, height, channels, mean, std, classes, names);
    }

    /** The display name of output {@code i}: its name, else its class id. */
    public String name(int i) {
        return names == null ? classes.get(i) : names.get(i);
    }

    /** Values per image: channels × height × width. */
    public int inputSize() {
        return channels * height * width;
    }
}
