package io.sightline.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jboss.logging.Logger;

/**
 * One run of {@link ImageClassifierTrainer}: the phases and their epochs, a held-out pass and a checkpoint after
 * each, the best epoch's weights put back at the end of a phase, then the test evaluation.
 */
final class EpochLoop {

    private static final Logger LOG = Logger.getLogger(EpochLoop.class);

    private final Model model;
    private final Network network;
    private final TrainingImages images;
    /** Where choices are made; null when the run has no validation images (nothing is chosen). */
    private final SplitImages heldOut;
    private final ValidationSlice validation;
    private final long start;
    private final TrainingSpec spec;
    private final Device[] devices;
    private final Checkpoints checkpoints;
    private final String fingerprint;
    private final EpochListener listener;
    private final StopSignal stop;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final BatchAssembly assembly;
    private final SplitEvaluator evaluator;
    private final ValidationProgress progress;
    private final EpochPlan plan;
    private final BestWeights best = new BestWeights();
    private final List<EpochMetrics> history = new ArrayList<>();
    private final List<String> warnings;
    private long trainingNanos;
    /** Steps of the range test the job counted as its first batches: the first epoch trains that many fewer. */
    private int warmedUp;
    /** The job's range test, kept in its checkpoints; null when the rate was given. */
    private LearningRateSweep rangeTest;

    /**
     * @param model    holds the initialised network's block
     * @param carved   the images, validation slice carved out of train when the dataset has no validation split
     * @param start    {@code System.nanoTime()} when the job started
     */
    EpochLoop(Model model, Network network, ValidationSlice.Carved carved, TrainingSpec spec, long start,
              Device[] devices, RunStorage storage) {
        this.model = model;
        this.network = network;
        this.images = carved.images();
        this.validation = carved.slice();
        this.start = start;
        this.heldOut = images.validation().isEmpty() ? null : images.validation();
        this.spec = spec;
        this.devices = devices;
        this.checkpoints = storage.checkpoints();
        this.fingerprint = storage.fingerprint();
        this.listener = storage.listener();
        this.stop = storage.stop();
        this.warnings = new ArrayList<>(storage.warnings());
        this.assembly = new BatchAssembly(images.signature(), spec.augmentation());
        this.evaluator = SplitEvaluator.ofBlock(model.getBlock(), model.getNDManager(), devices[0],
                images.signature(), spec.batchSize(), loss);
        this.progress = new ValidationProgress(spec.plateauPatience(), spec.earlyStoppingPatience());
        boolean fineTune = spec.fineTuneEpochs() > 0 && !network.backbone().isEmpty();
        this.plan = new EpochPlan(spec, start, fineTune, images.train().count(), images.test().count());
    }

    /**
     * What a run keeps and tells beyond its data: checkpoints, the run's identity, who hears each epoch.
     *
     * @param warnings what went wrong before the run began (an unusable checkpoint), for people
     * @param stop     asked before every batch whether to stop (a cancelled job)
     */
    record RunStorage(Checkpoints checkpoints, String fingerprint, EpochListener listener, List<String> warnings,
                      StopSignal stop) {
    }

    TrainedModel execute(Checkpoint resume) throws TrainingFailure, IOException {
        int resumedFrom = 0;
        int startPhase = 1;
        if (resume != null) {
            Checkpoint.State state = resume.state();
            history.addAll(state.history());
            progress.resume(state, history);
            resumedFrom = state.epochsDone();
            startPhase = state.phase();
            LOG.infof("resuming after epoch %d (phase %d) from the checkpoint", resumedFrom, startPhase);
        }
        boolean fineTune = spec.fineTuneEpochs() > 0 && !network.backbone().isEmpty();
        LearningRateSweep sweep = null;
        LearningRateSweep earlier = resume == null ? null : resume.state().learningRateSweep();
        if (spec.findsLearningRate() && earlier != null) {
            sweep = earlier.reused();
            LOG.infof("learning-rate range test of an earlier attempt: %s", sweep.rule());
        } else if (spec.findsLearningRate()) {
            // a checkpoint without the test (written before it was kept) runs it again: from the same seeded initial
            // weights it picks the same rate
            int batches = Math.max(1, (images.train().count() + spec.batchSize() - 1) / spec.batchSize());
            // the job continues from its steps up to the chosen rate (at most half the first epoch's); some count
            // as the first epoch's first batches only when the test would cost more than its budget otherwise
            sweep = new LearningRateFinder(model, network, assembly, devices, loss).sweep(images.train(),
                    spec.batchSize(), ImageClassifierTrainer.epochSeed(spec.seed(), -1),
                    LearningRateFinder.steps(spec.totalEpochs(), batches),
                    LearningRateFinder.budget(spec.totalEpochs(), batches), startPhase == 1 && resumedFrom == 0
                            ? batches / 2 : 0, stop);
            warmedUp = sweep.keptSteps();
            LOG.infof("learning-rate range test: %s", sweep.rule());
        }
        rangeTest = earlier != null && spec.findsLearningRate() ? earlier : sweep; // as read, for later attempts too
        double rate = sweep != null ? sweep.chosen() : spec.learningRate();
        long trainingStart = System.nanoTime();
        if (startPhase == 1) {
            phase(1, rate, 0, spec.warmupEpochs(), resume);
            resume = null;
        }
        if (fineTune) {
            progress.keepStopIf(startPhase == 2);
            // the fine-tuning epochs continue the numbering where the first phase ended (early or not)
            int first = (int) history.stream().filter(h -> !EpochMetrics.FINE_TUNE.equals(h.phase())).count();
            phase(2, spec.fineTuneLearningRate() > 0 ? spec.fineTuneLearningRate()
                    : rate * TrainingSpec.FINE_TUNE_RATIO, first, 0, resume);
        }
        long trainingMs = (System.nanoTime() - trainingStart) / 1_000_000 + (sweep == null ? 0 : sweep.keptMs());

        long evaluationStart = System.nanoTime();
        Evaluation test = evaluator.evaluate(images.test(), images.signature().classes())
                .withNames(images.signature().names());
        long evaluationMs = (System.nanoTime() - evaluationStart) / 1_000_000;
        int trainedEpochs = history.size() - resumedFrom;
        double seconds = Math.max(trainingNanos + (sweep == null ? 0 : sweep.keptMs() * 1_000_000), 1) / 1e9;
        double imagesPerSecond = trainedEpochs == 0 ? 0 : (double) images.train().count() * trainedEpochs / seconds;
        best.close();
        if (heldOut == null) {
            progress.takeLatest(history.size()); // nothing chosen: the last epoch's weights
        }
        return new TrainedModel(model, network.architecture(), images.signature(), List.copyOf(history),
                heldOut == null ? null : heldOut.split(), test, trainingMs, evaluationMs, imagesPerSecond,
                progress.bestEpoch(), progress.stoppedEarly(), resumedFrom, List.copyOf(warnings),
                devices[0].toString(), validation, plan.budget(trainingStart), sweep);
    }

    /** Trains one phase: epochs {@code first + 1 … first + planned}, the plan revised after every epoch. */
    private void phase(int phase, double rate, int first, int warmup, Checkpoint resume)
            throws TrainingFailure, IOException {
        ResumableAdam optimizer = new ResumableAdam(rate);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(devices);
        List<Parameter> parameters;
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(assembly.shape(1));
            parameters = model.getBlock().getParameters().values();
            CheckpointCodec codec = new CheckpointCodec(parameters, model.getNDManager());
            if (resume != null) {
                codec.restore(resume, best, progress.bestEpoch(), optimizer);
            } else if (phase == 2) {
                progress.startPhase();
            }
            // after newTrainer (which unfreezes everything) and after loading
            for (Parameter p : network.backbone()) {
                p.freeze(true);
            }
            if (phase == 2) {
                for (Parameter p : network.fineTuned()) {
                    p.freeze(false);
                }
            }
            network.fineTuning(phase == 2);
            int done = history.size() - first;
            for (int e = done; e < plan.planned(phase) && !progress.stoppedEarly(); e++) {
                LearningRateSchedule schedule = new LearningRateSchedule(rate, spec.schedule(), plan.planned(phase),
                        warmup, spec.stepEpochs());
                EpochMetrics metrics = epoch(trainer, optimizer, schedule, phase, first + e + 1, e, parameters);
                Checkpoint.State state = progress.state(fingerprint, phase, history).withLearningRateSweep(rangeTest);
                checkpoints.save(codec.encode(state,
                        checkpoints != Checkpoints.NONE, best, progress.bestEpoch() == history.size(), optimizer));
                listener.onEpoch(metrics);
            }
            network.fineTuning(false);
        }
        if (heldOut != null && !best.isEmpty() && progress.bestEpoch() != history.size()) {
            LOG.infof("restoring the weights of epoch %d, the best on validation (accuracy %.4f, loss %.4f)",
                    progress.bestEpoch(), progress.bestAccuracy(), progress.bestLoss());
            best.restoreInto(parameters);
        }
    }

    /** Trains one epoch, then measures it on the held-out images and records it in the history. */
    private EpochMetrics epoch(Trainer trainer, ResumableAdam optimizer, LearningRateSchedule schedule, int phase,
                               int epoch, int e, List<Parameter> parameters) throws TrainingFailure {
        long epochStart = System.nanoTime();
        long seed = ImageClassifierTrainer.epochSeed(spec.seed(), epoch);
        ImageClassifierTrainer.seedDropout(model.getBlock(), seed);
        Random order = new Random(seed);
        Random augmentation = new Random(seed ^ 0x5DEECE66DL);
        SplitImages train = images.train();
        List<int[]> batches = BatchAssembly.batches(train.count(), spec.batchSize(), order);
        double lossSum = 0;
        double peakLoss = 0;
        BatchLossSpread spread = new BatchLossSpread();
        long correct = 0;
        double lastRate = 0;
        int first = phase == 1 && e == 0 ? warmedUp : 0;
        int seen = 0;
        for (int b = first; b < batches.size(); b++) {
            if (stop.stopRequested()) {
                throw new TrainingStopped(history.size());
            }
            lastRate = schedule.rate(e, b, batches.size(), progress.plateau());
            optimizer.setLearningRate(lastRate);
            int[] batch = batches.get(b);
            seen += batch.length;
            float[] pixels = assembly.gather(train, batch, augmentation);
            try (NDManager scope = model.getNDManager().newSubManager(devices[0])) {
                NDArray data = scope.create(FloatBuffer.wrap(pixels), assembly.shape(batch.length));
                NDArray labels = scope.create(BatchAssembly.labels(train, batch));
                Batch whole = new Batch(scope, new NDList(data), new NDList(labels), batch.length, null, null,
                        b, batches.size());
                try (GradientCollector collector = ThreadGradientCollector.open(trainer)) {
                    for (Batch part : devices.length > 1 ? whole.split(devices, false) : new Batch[] {whole}) {
                        NDList predictions = trainer.forward(part.getData(), part.getLabels());
                        NDArray batchLoss = loss.evaluate(part.getLabels(), predictions);
                        float value = batchLoss.getFloat();
                        if (!Float.isFinite(value)) {
                            throw new TrainingFailure(String.format(Locale.ROOT, "training diverged: the loss"
                                    + " became %s in epoch %d, batch %d, at learning rate %.3g; lower the"
                                    + " learning rate to %.2g (a tenth of the peak), add warm-up epochs, or let"
                                    + " learningRate auto choose it, and train again", value, epoch, b + 1, lastRate,
                                    schedule.peak() / 10));
                        }
                        collector.backward(batchLoss);
                        lossSum += value * (double) part.getSize();
                        peakLoss = Math.max(peakLoss, value);
                        spread.add(value);
                        correct += correct(predictions.singletonOrThrow(), part.getLabels().singletonOrThrow());
                    }
                }
                trainer.step();
            }
        }
        long trainNanos = System.nanoTime() - epochStart;
        trainingNanos += trainNanos;
        SplitEvaluator.Pass pass = heldOut == null ? null : evaluator.pass(heldOut);
        if (heldOut != null) {
            plan.heldOutTook((System.nanoTime() - epochStart - trainNanos) / Math.max(1, heldOut.count()));
        }
        Double heldOutLoss = pass == null ? null : pass.meanLoss();
        if (heldOut == null) {
            progress.takeLatest(epoch);
        } else if (progress.record(epoch, pass.accuracy(), heldOutLoss)) {
            best.snapshot(parameters, model.getNDManager());
        }
        int n = seen;
        plan.revise(phase, System.nanoTime() - epochStart, trainingNanos, history);
        EpochMetrics metrics = new EpochMetrics(epoch, plan.total(), n == 0 ? 0 : lossSum / n,
                n == 0 ? 0 : (double) correct / n, heldOutLoss, pass == null ? null : pass.accuracy(), lastRate,
                (System.nanoTime() - epochStart) / 1_000_000, n / Math.max(trainNanos / 1e9, 1e-9),
                phase == 1 ? EpochMetrics.TRAIN : EpochMetrics.FINE_TUNE, n == 0 ? null : peakLoss,
                spread.standardError());
        history.add(metrics);
        return metrics;
    }

    private static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(DataType.INT64, false)
                .eq(labels.toType(DataType.INT64, false)).countNonzero().getLong();
    }
}
