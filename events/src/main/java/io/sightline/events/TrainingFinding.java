package io.sightline.events;

/**
 * What the curves of a training run say, with the numbers that say it and what to change (decision 101).
 *
 * @param kind       {@code too-high-rate}, {@code too-low-rate}, {@code noisy}, {@code diverging}, {@code plateau},
 *                   {@code over-fitting} or {@code under-fitting}; readers show kinds they do not know as they are
 * @param epoch      the epoch it was seen at (1-based)
 * @param evidence   the numbers from the curves, for people
 * @param suggestion what to change, with a value (a learning rate, a number of epochs, an option)
 */
public record TrainingFinding(String kind, int epoch, String evidence, String suggestion) {
}
