package io.sightline.trainer.console;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One dataset as the console lists it: its newest ready version.
 *
 * @param name         dataset name
 * @param version      newest ready version
 * @param images       images in the version
 * @param train        images in the train split
 * @param test         images in the test split
 * @param validation   images in the validation split
 * @param classes      number of classes
 * @param verification the version's {@code verification.json}, as the dataset service wrote it (null if absent)
 * @param layout       how the source was laid out ({@code class-folders}, {@code split-folders}, {@code csv},
 *                     {@code filename}); {@code class-folders} for versions written before layouts were recorded
 * @param namedClasses how many of the classes have a display name (0 when the dataset has no names file)
 */
public record DatasetOverview(String name, String version, int images, int train, int test, int validation,
                              int classes, JsonNode verification, String layout, int namedClasses) {
}
