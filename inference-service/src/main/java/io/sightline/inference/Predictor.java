package io.sightline.inference;

import io.sightline.vision.ImageSignature;
import io.sightline.vision.InvalidImageException;
import io.sightline.vision.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers requests with the version of a model that serves when the request starts; that version stays
 * loaded until the request is done, whatever is promoted meanwhile. Blocking: call it off the event loop.
 */
public final class Predictor {

    private final ModelRegistry registry;
    private final InferenceMetrics metrics;

    public Predictor(ModelRegistry registry, InferenceMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /**
     * Classifies one encoded image (PNG, JPEG, BMP, GIF, PPM/PGM).
     *
     * @param topK how many classes to return, best first (fewer when the model has fewer)
     * @throws InvalidInputException   when {@code topK < 1}
     * @throws InvalidImageException   when the bytes are no readable image, or too many pixels
     */
    public PredictionResult predict(String model, byte[] image, int topK)
            throws UnknownModelException, ModelNotLoadedException, InvalidImageException, InvalidInputException {
        if (topK < 1) {
            throw new InvalidInputException("topK must be at least 1, got " + topK);
        }
        long start = System.nanoTime();
        try (ModelLease lease = registry.acquire(model)) {
            ServedModel served = lease.model();
            float[] input = served.preprocessor().preprocess(image);
            float[] probabilities = served.classifier().probabilities(List.of(input))[0];
            List<Prediction> top = served.classifier().topK(probabilities, topK);
            long nanos = System.nanoTime() - start;
            metrics.predicted(model, nanos);
            return new PredictionResult(model, served.version(), top, Math.round(nanos / 1e3) / 1e3);
        }
    }

    /**
     * Classifies inputs that are already preprocessed, laid out {@code [N, C, H, W]} row-major.
     *
     * @param shape  the tensor's shape; must be {@code [N, C, H, W]} with the model's C, H and W
     * @param values {@code N × C × H × W} values
     * @throws InvalidInputException when the shape does not fit the model or the values do not fit the shape
     */
    public TensorResult infer(String model, long[] shape, float[] values)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException {
        long start = System.nanoTime();
        try (ModelLease lease = registry.acquire(model)) {
            ServedModel served = lease.model();
            ImageSignature signature = served.signature();
            long[] expected = {signature.channels(), signature.height(), signature.width()};
            if (shape.length != 4 || shape[0] < 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), expected)) {
                throw new InvalidInputException("model " + model + " takes a tensor of shape [N, "
                        + expected[0] + ", " + expected[1] + ", " + expected[2] + "], got " + Arrays.toString(shape));
            }
            int size = signature.inputSize();
            if (values.length != shape[0] * size) {
                throw new InvalidInputException("shape " + Arrays.toString(shape) + " needs " + shape[0] * size
                        + " values, got " + values.length);
            }
            List<float[]> inputs = new ArrayList<>((int) shape[0]);
            for (int i = 0; i < shape[0]; i++) {
                inputs.add(Arrays.copyOfRange(values, i * size, (i + 1) * size));
            }
            float[][] probabilities = served.classifier().probabilities(inputs);
            metrics.predicted(model, System.nanoTime() - start);
            return new TensorResult(model, served.version(), signature.classes(), probabilities);
        }
    }
}
