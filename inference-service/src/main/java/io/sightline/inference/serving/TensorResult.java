package io.sightline.inference.serving;

import java.util.List;

/**
 * Class probabilities of a batch of already preprocessed inputs.
 *
 * @param model         model name
 * @param version       the version that answered
 * @param classes       the class each column stands for
 * @param probabilities one row per input, one column per class
 */
public record TensorResult(String model, String version, List<String> classes, float[][] probabilities) {
}
