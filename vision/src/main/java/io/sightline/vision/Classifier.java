package io.sightline.vision;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A loaded model ready to classify. Safe for concurrent use: every call works in its own native
 * memory scope and runs the block in inference mode; the weights are only read.
 */
public final class Classifier implements AutoCloseable {

    private final Model model;
    private final ArchitectureSpec architecture;
    private final ImageSignature signature;
    private final ImagePreprocessor preprocessor;

    Classifier(Model model, ArchitectureSpec architecture, ImageSignature signature) {
        this.model = model;
        this.architecture = architecture;
        this.signature = signature;
        this.preprocessor = new ImagePreprocessor(signature);
    }

    public ImageSignature signature() {
        return signature;
    }

    public ArchitectureSpec architecture() {
        return architecture;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** Class probabilities of each preprocessed image, in input order; one forward pass for all. */
    public float[][] probabilities(List<float[]> inputs) {
        if (inputs.isEmpty()) {
            return new float[0][];
        }
        // a sub-manager per call frees every intermediate array when the call ends
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray batch = preprocessor.batch(scope, inputs);
            NDList out = model.getBlock().forward(new ParameterStore(scope, false), new NDList(batch), false);
            NDArray logits = out.singletonOrThrow();
            int classes = signature.classes().size();
            if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != classes) {
                // weights and signature disagree: answering would attach labels to the wrong outputs
                throw new IllegalStateException("model outputs " + logits.getShape() + " but its signature names "
                        + classes + " classes");
            }
            float[] flat = logits.softmax(1).toFloatArray();
            float[][] result = new float[inputs.size()][];
            for (int i = 0; i < inputs.size(); i++) {
                result[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return result;
        }
    }

    /** The {@code k} most probable classes of one image's probabilities, best first. */
    public List<Prediction> topK(float[] probabilities, int k) {
        List<String> classes = signature.classes();
        return IntStream.range(0, probabilities.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed())
                .limit(Math.max(1, Math.min(k, probabilities.length)))
                .map(i -> new Prediction(classes.get(i), signature.name(i), probabilities[i]))
                .toList();
    }

    /** Decodes, preprocesses and classifies encoded images; top {@code k} per image. */
    public List<List<Prediction>> classify(List<byte[]> encodedImages, int k) throws InvalidImageException {
        List<float[]> inputs = new ArrayList<>(encodedImages.size());
        for (byte[] encoded : encodedImages) {
            inputs.add(preprocessor.preprocess(encoded));
        }
        float[][] probabilities = probabilities(inputs);
        List<List<Prediction>> result = new ArrayList<>(probabilities.length);
        for (float[] p : probabilities) {
            result.add(topK(p, k));
        }
        return result;
    }

    @Override
    public void close() {
        model.close();
    }
}
