package io.sightline.trainer.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import io.sightline.vision.ImageSignature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains an image classifier from scratch: Xavier-initialised weights, Adam, softmax cross-entropy, a
 * held-out pass after every epoch, a test evaluation at the end.
 *
 * <p>Runs are reproducible for a seed: the engine's generator (initialisation, dropout) is seeded, the
 * batch order comes from {@link ShuffledBatches}. The engine's generator is global, so one JVM trains one
 * model at a time.
 */
public final class ImageClassifierTrainer {

    private static final String TRAIN = "train";

    /**
     * Trains a model on the images. The caller closes the returned model.
     *
     * @param listener hears every epoch as it ends
     * @throws TrainingFailure when the engine cannot train this architecture on this data
     */
    public TrainedModel train(TrainingImages images, TrainingSpec spec, EpochListener listener) throws TrainingFailure {
        ImageSignature signature = images.signature();
        ArchitectureSpec architecture = spec.architectureSpec(signature.classes().size());
        try {
            Engine.getInstance().setRandomSeed(Long.hashCode(spec.seed()));
        } catch (ai.djl.engine.EngineException e) {
            throw new TrainingFailure("the PyTorch engine could not start on this worker: " + e.getMessage(), e);
        }
        Block block = Architectures.build(architecture);
        // He-normal (the default) starts slowly on small CNNs; Xavier converges in fewer epochs
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);

        Model model = Model.newInstance("sightline-" + architecture.name());
        boolean handedOver = false;
        try {
            model.setBlock(block);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            Accuracy accuracy = new Accuracy();
            accuracy.addAccumulator(TRAIN);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .addEvaluator(accuracy)
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed((float) spec.learningRate()))
                            .build())
                    .optDevices(Engine.getInstance().getDevices(1));

            SplitImages heldOut = images.validation().isEmpty() ? images.test() : images.validation();
            List<EpochMetrics> history = new ArrayList<>();
            long trainingMs;
            long evaluationMs;
            Evaluation test;
            // the datasets' arrays live in their own scope, freed as soon as training and evaluation end
            try (NDManager data = model.getNDManager().newSubManager();
                 Trainer trainer = model.newTrainer(config)) {
                ArrayDataset trainSet = dataset(data, images.train(), signature,
                        ShuffledBatches.shuffled(spec.batchSize(), spec.seed()));
                ArrayDataset heldOutSet = dataset(data, heldOut, signature, ShuffledBatches.inOrder(spec.batchSize()));
                trainer.initialize(new Shape(1, signature.channels(), signature.height(), signature.width()));

                long trainingStart = System.nanoTime();
                for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    double trainLoss = trainEpoch(trainer, trainSet, loss, accuracy);
                    double trainAccuracy = accuracy.getAccumulator(TRAIN);
                    Pass pass = evaluate(trainer, heldOutSet, heldOut, loss);
                    EpochMetrics metrics = new EpochMetrics(epoch, spec.epochs(), trainLoss, trainAccuracy,
                            pass.meanLoss(), pass.accuracy(), spec.learningRate(),
                            (System.nanoTime() - epochStart) / 1_000_000);
                    history.add(metrics);
                    listener.onEpoch(metrics);
                }
                trainingMs = (System.nanoTime() - trainingStart) / 1_000_000;

                long evaluationStart = System.nanoTime();
                ArrayDataset testSet = heldOut == images.test()
                        ? heldOutSet
                        : dataset(data, images.test(), signature, ShuffledBatches.inOrder(spec.batchSize()));
                Pass pass = evaluate(trainer, testSet, images.test(), loss);
                test = Evaluation.of(images.test().split(), signature.classes(), images.test().labels(),
                        pass.predicted(), pass.meanLoss());
                evaluationMs = (System.nanoTime() - evaluationStart) / 1_000_000;
            }
            double seconds = Math.max(trainingMs, 1) / 1000.0;
            double imagesPerSecond = (double) images.train().count() * spec.epochs() / seconds;
            TrainedModel trained = new TrainedModel(model, architecture, signature, List.copyOf(history),
                    heldOut.split(), test, trainingMs, evaluationMs, imagesPerSecond);
            handedOver = true;
            return trained;
        } catch (IOException | TranslateException e) {
            throw new TrainingFailure("the engine could not iterate the images: " + e.getMessage(), e);
        } catch (ai.djl.engine.EngineException e) {
            throw new TrainingFailure("the engine failed to train " + architecture.name() + " at "
                    + architecture.imageSize() + " px: " + e.getMessage(), e);
        } finally {
            if (!handedOver) {
                model.close();
            }
        }
    }

    /** One pass over the training split; returns the mean loss per image. */
    private static double trainEpoch(Trainer trainer, ArrayDataset trainSet, Loss loss, Accuracy accuracy)
            throws IOException, TranslateException {
        accuracy.resetAccumulator(TRAIN);
        double lossSum = 0;
        long seen = 0;
        for (Batch batch : trainer.iterateDataset(trainSet)) {
            // close every batch: its arrays, and everything computed from them, are native memory
            try (batch) {
                NDList labels = batch.getLabels();
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(batch.getData(), labels);
                    NDArray batchLoss = loss.evaluate(labels, predictions);
                    collector.backward(batchLoss);
                    lossSum += batchLoss.getFloat() * (double) batch.getSize();
                    seen += batch.getSize();
                    accuracy.updateAccumulator(TRAIN, labels, predictions);
                }
                trainer.step();
            }
        }
        return seen == 0 ? 0 : lossSum / seen;
    }

    /** Runs a split through the network in inference mode: mean loss, accuracy, predicted labels in order. */
    private static Pass evaluate(Trainer trainer, ArrayDataset set, SplitImages split, Loss loss)
            throws IOException, TranslateException {
        int count = split.count();
        int[] predicted = new int[count];
        int next = 0;
        double lossSum = 0;
        for (Batch batch : trainer.iterateDataset(set)) {
            try (batch) {
                NDList labels = batch.getLabels();
                NDList predictions = trainer.evaluate(batch.getData());
                lossSum += loss.evaluate(labels, predictions).getFloat() * (double) batch.getSize();
                int[] batchPredictions = predictions.singletonOrThrow().argMax(1).toType(DataType.INT32, false)
                        .toIntArray();
                System.arraycopy(batchPredictions, 0, predicted, next, batchPredictions.length);
                next += batchPredictions.length;
            }
        }
        int correct = 0;
        for (int i = 0; i < count; i++) {
            correct += predicted[i] == split.labels()[i] ? 1 : 0;
        }
        return count == 0 ? new Pass(0, 0, predicted) : new Pass(lossSum / count, (double) correct / count, predicted);
    }

    private static ArrayDataset dataset(NDManager manager, SplitImages split, ImageSignature signature, Sampler sampler) {
        NDArray pixels = manager.create(split.pixels(),
                new Shape(split.count(), signature.channels(), signature.height(), signature.width()));
        float[] labels = new float[split.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.labels()[i];
        }
        return new ArrayDataset.Builder()
                .setData(pixels)
                .optLabels(manager.create(labels))
                .setSampling(sampler)
                .build();
    }

    private record Pass(double meanLoss, double accuracy, int[] predicted) {
    }
}
