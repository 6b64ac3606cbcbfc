package io.sightline.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The learning-rate range test (Smith 2017, "Cyclical learning rates", section 3.3; fastai's {@code lr_find}): from
 * the network's initial weights, one Adam step per batch at a rate rising exponentially from {@link #MIN_RATE} to
 * {@link #MAX_RATE}, stopped when the smoothed training loss runs away; {@link RangeTestRule} reads the rate from
 * the per-step losses. The job continues from the weights after the last step at a rate up to the one read (those
 * steps are its warm-up, {@link StepWeights}) and trains every batch of its epochs besides, as long as the test costs
 * it at most {@link #SHARE} of its steps; beyond that, as many of the warm-up steps as it takes count as the first
 * epoch's first batches. Counting all of them (until 2026-12-05) left short jobs ~7 full-rate steps short, most
 * warm-up steps running far below the chosen rate: 0.4 points lower on average at 2 epochs (decision 101).
 */
final class LearningRateFinder {

    static final double MIN_RATE = 1e-6;
    static final double MAX_RATE = 1;
    /** Share of the job's optimiser steps the test may take (the "at most 5% of the job's time"). */
    static final double SHARE = 0.05;
    /** Fewer points cannot show a valley between 1e-6 and 1 (a factor of 2 per step at 20). */
    static final int MIN_STEPS = 20;
    static final int MAX_STEPS = 100;
    /** Weight of the past in the moving average the runaway stop reads (the rate is read by {@link RangeTestRule}). */
    static final double SMOOTHING = 0.8;
    /** The sweep stops once the smoothed loss exceeds this multiple of its lowest value (as fastai does). */
    static final double RUNAWAY = 4;
    static final double LOWEST = RangeTestRule.LOWEST;
    static final double HIGHEST = RangeTestRule.HIGHEST;

    private final Model model;
    private final Network network;
    private final BatchAssembly assembly;
    private final Device[] devices;
    private final Loss loss;

    LearningRateFinder(Model model, Network network, BatchAssembly assembly, Device[] devices, Loss loss) {
        this.model = model;
        this.network = network;
        this.assembly = assembly;
        this.devices = devices;
        this.loss = loss;
    }

    /**
     * Steps of the test for a job of {@code epochs} × {@code batchesPerEpoch} optimiser steps: 5% of them, at
     * least {@link #MIN_STEPS} (a small job then spends more than 5%, a few seconds), at most {@link #MAX_STEPS}.
     */
    static int steps(int epochs, int batchesPerEpoch) {
        return Math.max(MIN_STEPS, Math.min(MAX_STEPS, budget(epochs, batchesPerEpoch)));
    }

    /** Optimiser steps the test may cost a job of {@code epochs} × {@code batchesPerEpoch} steps: {@link #SHARE}. */
    static int budget(int epochs, int batchesPerEpoch) {
        return (int) Math.round(SHARE * epochs * (double) batchesPerEpoch);
    }

    /**
     * Runs the test on the training images with the first phase's frozen parameters. The job continues from the
     * weights after the last step at a rate up to the one read when that is at most {@code maxKept} steps in (its
     * steps were a warm-up at rates rising to the chosen one), else from the initial weights. It trains every batch of
     * its epochs besides, unless the test ran more than {@code budget} steps: then as many of the steps it continues
     * from as the excess count as its first batches.
     */
    LearningRateSweep sweep(SplitImages train, int batchSize, long seed, int steps, int budget, int maxKept,
                            StopSignal stop) throws TrainingFailure {
        long start = System.nanoTime();
        List<Parameter> parameters = model.getBlock().getParameters().values();
        ResumableAdam optimizer = new ResumableAdam(MIN_RATE);
        List<Double> rates = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Long> stepEnds = new ArrayList<>();
        boolean diverged = false;
        int continued = 0;
        int keptSteps = 0;
        long keptMs = 0;
        try (BestWeights initial = new BestWeights();
             StepWeights candidates = new StepWeights(maxKept);
             Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer)
                     .optDevices(devices))) {
            initial.snapshot(parameters, model.getNDManager());
            trainer.initialize(assembly.shape(1));
            for (Parameter p : network.backbone()) { // as the first phase trains: after newTrainer unfroze them
                p.freeze(true);
            }
            network.fineTuning(false);
            candidates.track(parameters, model.getNDManager());
            ImageClassifierTrainer.seedDropout(model.getBlock(), seed);
            Random order = new Random(seed);
            Random augmentation = new Random(seed ^ 0x5DEECE66DL);
            List<int[]> batches = List.of();
            double average = 0;
            double lowest = Double.POSITIVE_INFINITY;
            long stepsStart = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                if (stop.stopRequested()) {
                    throw new TrainingStopped(0);
                }
                if (i % Math.max(1, batches.size()) == 0) {
                    batches = BatchAssembly.batches(train.count(), batchSize, order);
                }
                double rate = MIN_RATE * Math.pow(MAX_RATE / MIN_RATE, (double) i / Math.max(1, steps - 1));
                optimizer.setLearningRate(rate);
                double value = step(trainer, train, batches.get(i % batches.size()), augmentation);
                if (!Double.isFinite(value)) {
                    diverged = true;
                    break;
                }
                stepEnds.add(System.nanoTime() - stepsStart);
                average = SMOOTHING * average + (1 - SMOOTHING) * value;
                double smoothed = average / (1 - Math.pow(SMOOTHING, i + 1));
                rates.add(rate);
                raw.add(value);
                List<Double> curve = RangeTestRule.smooth(raw);
                candidates.stepped(i, rates, raw, curve);
                lowest = Math.min(lowest, smoothed);
                if (smoothed > RUNAWAY * lowest || RangeTestRule.turned(curve)) {
                    diverged = i < steps - 1;
                    break;
                }
            }
            int last = RangeTestRule.lastStepUpTo(rates, RangeTestRule.smooth(raw), RangeTestRule.floor(rates, raw));
            if (last >= 0 && last < maxKept && candidates.restore(last)) {
                continued = last + 1;
                keptSteps = Math.min(continued, Math.max(0, rates.size() - budget));
                keptMs = keptSteps == 0 ? 0 : stepEnds.get(keptSteps - 1) / 1_000_000;
            } else {
                initial.restoreInto(parameters);
            }
        } finally {
            optimizer.release();
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        return choose(rates, raw, steps, diverged, wallMs).kept(continued, keptSteps, keptMs, wallMs);
    }

    /** The rate read from the raw per-step losses by {@link RangeTestRule}. */
    static LearningRateSweep choose(List<Double> rates, List<Double> raw, int plannedSteps, boolean diverged,
                                    long durationMs) {
        return RangeTestRule.choose(rates, raw, plannedSteps, diverged, durationMs);
    }

    private double step(Trainer trainer, SplitImages train, int[] batch, Random augmentation)
            throws TrainingFailure {
        float[] pixels = assembly.gather(train, batch, augmentation);
        double sum = 0;
        try (NDManager scope = model.getNDManager().newSubManager(devices[0])) {
            NDArray data = scope.create(FloatBuffer.wrap(pixels), assembly.shape(batch.length));
            NDArray labels = scope.create(BatchAssembly.labels(train, batch));
            Batch whole = new Batch(scope, new NDList(data), new NDList(labels), batch.length, null, null, 0, 1);
            try (GradientCollector collector = ThreadGradientCollector.open(trainer)) {
                for (Batch part : devices.length > 1 ? whole.split(devices, false) : new Batch[] {whole}) {
                    NDList predictions = trainer.forward(part.getData(), part.getLabels());
                    NDArray batchLoss = loss.evaluate(part.getLabels(), predictions);
                    float value = batchLoss.getFloat();
                    if (!Float.isFinite(value)) {
                        return Double.NaN;
                    }
                    collector.backward(batchLoss);
                    sum += value * (double) part.getSize();
                }
            }
            trainer.step();
        }
        return sum / batch.length;
    }
}
