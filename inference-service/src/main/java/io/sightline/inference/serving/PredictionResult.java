package io.sightline.inference.serving;

import io.sightline.vision.Prediction;
import java.util.List;

/**
 * The answer for one image.
 *
 * @param model       model name
 * @param version     the version that answered
 * @param predictions the most probable classes, best first
 * @param latencyMs   time spent in this service on it: decode, preprocess, forward pass
 */
public record PredictionResult(String model, String version, List<Prediction> predictions, double latencyMs) {
}
