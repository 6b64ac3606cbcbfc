package io.sightline.inference.rest;

import io.sightline.inference.serving.PredictionResult;
import java.util.List;

/**
 * {@code POST /predict/{model}} answer.
 *
 * @param model       model name
 * @param version     the version that answered
 * @param predictions the most probable classes, best first
 * @param latencyMs   time spent in the service: decode, preprocess, forward pass
 */
public record PredictionResponse(String model, String version, List<Entry> predictions, double latencyMs) {

    /**
     * @param label       class id
     * @param probability softmax probability
     * @param name        display name of the class; the label when the model's dataset named none
     */
    public record Entry(String label, double probability, String name) {
    }

    static PredictionResponse of(PredictionResult result) {
        return new PredictionResponse(result.model(), result.version(),
                result.predictions().stream().map(p -> new Entry(p.label(), p.probability(), p.name())).toList(),
                result.latencyMs());
    }
}
