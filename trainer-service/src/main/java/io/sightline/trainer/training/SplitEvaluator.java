package io.sightline.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.sightline.vision.Classifier;
import io.sightline.vision.ImageSignature;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one way a model is measured on a split, during training (validation after every epoch, the test split at
 * the end) and when the champion is re-measured on a new test split: the split in order, batch by batch, each
 * image's class the one with the highest score, then {@link Evaluation#of}.
 */
public final class SplitEvaluator {

    /** Class scores of one batch; only their order matters for the prediction. */
    @FunctionalInterface
    interface Scorer {
        /**
         * @param pixels the batch's preprocessed images, back to back
         * @param labels the batch's true labels
         * @return the scores, image after image, and the batch's summed loss (NaN when unknown)
         */
        Scores score(float[] pixels, float[] labels, int count) throws TrainingFailure;
    }

    /** @param scores {@code count × classes} values, image after image */
    record Scores(float[] scores, double lossSum) {
    }

    /** Mean loss, accuracy and the predicted label of each image, in the split's order. */
    record Pass(double meanLoss, double accuracy, int[] predicted) {
    }

    private final BatchAssembly assembly;
    private final int batchSize;
    private final int classes;
    private final Scorer scorer;

    private SplitEvaluator(BatchAssembly assembly, int batchSize, int classes, Scorer scorer) {
        this.assembly = assembly;
        this.batchSize = batchSize;
        this.classes = classes;
        this.scorer = scorer;
    }

    /** Runs a block being trained in inference mode (dropout off, batch-norm statistics kept), with its loss. */
    static SplitEvaluator ofBlock(Block block, NDManager manager, Device device, ImageSignature signature,
                                  int batchSize, Loss loss) {
        BatchAssembly assembly = new BatchAssembly(signature, Set.of());
        return new SplitEvaluator(assembly, batchSize, signature.classes().size(), (pixels, labels, count) -> {
            try (NDManager scope = manager.newSubManager(device)) {
                NDArray data = scope.create(FloatBuffer.wrap(pixels), assembly.shape(count));
                NDList predictions = block.forward(new ParameterStore(scope, false), new NDList(data), false);
                double lossSum = loss.evaluate(new NDList(scope.create(labels)), predictions).getFloat()
                        * (double) count;
                return new Scores(predictions.singletonOrThrow().toFloatArray(), lossSum);
            }
        });
    }

    /** Runs a loaded model as it serves (its class probabilities); the loss is not known. */
    public static SplitEvaluator ofClassifier(Classifier classifier, int batchSize) {
        ImageSignature signature = classifier.signature();
        int size = signature.inputSize();
        return new SplitEvaluator(new BatchAssembly(signature, Set.of()), batchSize, signature.classes().size(),
                (pixels, labels, count) -> {
                    List<float[]> images = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        float[] image = new float[size];
                        System.arraycopy(pixels, i * size, image, 0, size);
                        images.add(image);
                    }
                    float[][] probabilities = classifier.probabilities(images);
                    float[] scores = new float[count * signature.classes().size()];
                    for (int i = 0; i < count; i++) {
                        System.arraycopy(probabilities[i], 0, scores, i * probabilities[i].length,
                                probabilities[i].length);
                    }
                    return new Scores(scores, Double.NaN);
                });
    }

    /** The metrics of a split: accuracy, loss, per-class precision/recall/F1 and the confusion matrix. */
    public Evaluation evaluate(SplitImages split, List<String> classNames) throws TrainingFailure {
        Pass pass = pass(split);
        return Evaluation.of(split.split(), classNames, split.labels(), pass.predicted(), pass.meanLoss());
    }

    /** Runs a split through the model. */
    Pass pass(SplitImages split) throws TrainingFailure {
        int count = split.count();
        int[] predicted = new int[count];
        double lossSum = 0;
        int next = 0;
        for (int[] batch : BatchAssembly.batches(count, batchSize, null)) {
            float[] pixels = assembly.gather(split, batch, null);
            Scores scores = scorer.score(pixels, BatchAssembly.labels(split, batch), batch.length);
            lossSum += scores.lossSum();
            for (int i = 0; i < batch.length; i++) {
                predicted[next++] = argMax(scores.scores(), i * classes, classes);
            }
        }
        int correct = 0;
        for (int i = 0; i < count; i++) {
            correct += predicted[i] == split.labels()[i] ? 1 : 0;
        }
        return count == 0 ? new Pass(0, 0, predicted) : new Pass(lossSum / count, (double) correct / count, predicted);
    }

    /**
     * The first index of the highest of {@code length} values from {@code offset}; a NaN counts as highest, as in
     * the engine's own argmax, so a model whose weights blew up is measured the same way everywhere.
     */
    private static int argMax(float[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            float bestValue = values[offset + best];
            float value = values[offset + i];
            if (!Float.isNaN(bestValue) && (Float.isNaN(value) || value > bestValue)) {
                best = i;
            }
        }
        return best;
    }
}
