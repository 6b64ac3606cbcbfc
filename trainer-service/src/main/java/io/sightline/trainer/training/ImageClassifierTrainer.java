package io.sightline.trainer.training;

import ai.djl.Device;
import io.sightline.vision.SeededDropout;
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
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import io.sightline.vision.ImageSignature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Trains an image classifier: Adam with a learning-rate schedule (warm-up, constant/cosine/step,
 * reduce-on-plateau), softmax cross-entropy, optional augmentation, a held-out pass after every epoch, early
 * stopping, the best epoch's weights restored, a checkpoint after every epoch, and for transfer networks a
 * second, fine-tuning phase. Ends with a test evaluation.
 *
 * <p>Runs are reproducible for a seed, also across a resume: every epoch re-seeds the engine (dropout) and draws
 * its batch order and augmentation from generators seeded by (seed, epoch), and the optimiser's state is part of
 * the checkpoint. Nothing draws from the engine's global generator while training: dropout masks come from
 * each {@link SeededDropout}'s own generator, and the one use of the engine's generator, the initial weights,
 * happens under a lock. So several jobs may train in one JVM at once, each reproducible for its seed; each
 * gets GPUs of its own while there are enough ({@link DeviceSlots}).
 */
public final class ImageClassifierTrainer {

    private static final Logger LOG = Logger.getLogger(ImageClassifierTrainer.class);

    /** Guards the engine's global generator while a job seeds it and draws its initial weights. */
    private static final Object ENGINE_RANDOM = new Object();

    private final int maxGpus;
    private volatile DeviceSlots slots;

    /** Trains on one GPU when the engine sees one, else on the CPU. */
    public ImageClassifierTrainer() {
        this(1);
    }

    /** @param maxGpus most GPUs one job uses (data-parallel); 0 forces the CPU */
    public ImageClassifierTrainer(int maxGpus) {
        this.maxGpus = maxGpus;
    }

    /** Trains a from-scratch network without checkpoints. The caller closes the returned model. */
    public TrainedModel train(TrainingImages images, TrainingSpec spec, EpochListener listener) throws TrainingFailure {
        return train(images, spec, Network.fromScratch(spec.architectureSpec(images.signature().classes().size())),
                Checkpoints.NONE, "", listener);
    }

    /**
     * Trains a network on the images. The caller closes the returned model.
     *
     * @param checkpoints where to save a checkpoint after every epoch and to resume from
     * @param fingerprint identifies the run; a checkpoint of another run is not resumed
     * @param listener    hears every epoch as it ends, after its checkpoint was saved
     * @throws TrainingFailure when the engine cannot train this network on this data, or the loss diverges
     */
    public TrainedModel train(TrainingImages dataset, TrainingSpec spec, Network network, Checkpoints checkpoints,
                              String fingerprint, EpochListener listener) throws TrainingFailure {
        long start = spec.start() != 0 ? spec.start() : System.nanoTime();
        ValidationSlice.Carved carved = ValidationSlice.carve(dataset, spec.validationShare(), spec.seed());
        TrainingImages images = carved.images();
        Device[] devices;
        try {
            devices = slots().acquire(maxGpus);
        } catch (ai.djl.engine.EngineException e) {
            throw new TrainingFailure("the PyTorch engine could not start on this worker: " + e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>();
        Checkpoint resume = resumable(checkpoints, fingerprint, warnings);
        Model model = Model.newInstance("sightline-" + network.architecture().name(), devices[0]);
        boolean handedOver = false;
        try {
            Block block = network.build(model.getNDManager());
            model.setBlock(block);
            ImageSignature s = images.signature();
            synchronized (ENGINE_RANDOM) {
                Engine.getInstance().setRandomSeed(Long.hashCode(epochSeed(spec.seed(), 0)));
                block.initialize(model.getNDManager(), DataType.FLOAT32,
                        new Shape(1, s.channels(), s.height(), s.width()));
            }
            if (resume == null) {
                // before any trainer exists, so no parameter store holds the arrays the loading replaces
                network.loadPretrained(model.getNDManager());
            }
            Run run = new Run(model, network, images, carved.slice(), spec, start, devices, checkpoints, fingerprint,
                    listener);
            run.warnings.addAll(warnings);
            TrainedModel trained = run.execute(resume);
            handedOver = true;
            return trained;
        } catch (ai.djl.engine.EngineException e) {
            throw new TrainingFailure("the engine failed to train " + network.architecture().name() + " at "
                    + network.architecture().imageSize() + " px: " + TrainingFailure.gist(e.getMessage()), e);
        } catch (IOException | UncheckedIOException e) {
            throw new TrainingFailure("the checkpoint could not be written: " + e.getMessage(), e);
        } finally {
            if (!handedOver) {
                model.close();
            }
            slots().release(devices);
        }
    }

    private DeviceSlots slots() {
        DeviceSlots current = slots;
        if (current == null) {
            synchronized (this) {
                if (slots == null) {
                    int gpus = Engine.getInstance().getGpuCount(); // starts the engine: fails here if it cannot
                    slots = new DeviceSlots(maxGpus == 0 ? 0 : gpus);
                }
                current = slots;
            }
        }
        return current;
    }

    /** Restarts the masks of every {@link SeededDropout} in the block for an epoch. */
    static void seedDropout(Block block, long seed) {
        if (block instanceof SeededDropout dropout) {
            dropout.seed(seed);
        }
        for (Block child : block.getChildren().values()) {
            seedDropout(child, seed);
        }
    }

    /** The checkpoint to resume from; a corrupt one or one of another run means starting over, with a warning. */
    private static Checkpoint resumable(Checkpoints checkpoints, String fingerprint, List<String> warnings) {
        try {
            Optional<Checkpoint> latest = checkpoints.latest();
            if (latest.isEmpty()) {
                return null;
            }
            if (!fingerprint.equals(latest.get().state().fingerprint())) {
                warnings.add("a checkpoint of another run was found and ignored; training from scratch");
                return null;
            }
            return latest.get();
        } catch (IOException | RuntimeException e) {
            warnings.add("the checkpoint could not be used (" + e.getMessage() + "); training from scratch");
            return null;
        }
    }

    /** A seed for one epoch: the same (seed, epoch) always gives the same dropout, order and augmentation. */
    static long epochSeed(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Batches of a shuffled order; a lone last image joins the batch before (batch norm cannot train on one). */
    static List<int[]> batches(int count, int batchSize, Random random) {
        int[] order = IntStream.range(0, count).toArray();
        if (random != null) {
            for (int i = count - 1; i > 0; i--) { // Fisher–Yates
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < count; from += batchSize) {
            int to = Math.min(count, from + batchSize);
            if (random != null && to - from == 1 && !batches.isEmpty()) {
                int[] last = batches.remove(batches.size() - 1);
                int[] merged = java.util.Arrays.copyOf(last, last.length + 1);
                merged[last.length] = order[from];
                batches.add(merged);
                break;
            }
            batches.add(java.util.Arrays.copyOfRange(order, from, to));
        }
        return batches;
    }

    /** One run's state: phases, epochs, best weights, early stopping. */
    private static final class Run {
        final Model model;
        final Block block;
        final Network network;
        final TrainingImages images;
        /** Where choices are made; null when the run has no validation images (nothing is chosen). */
        final SplitImages heldOut;
        final ValidationSlice validation;
        final long start;
        final TrainingSpec spec;
        final Device[] devices;
        final Checkpoints checkpoints;
        final String fingerprint;
        final EpochListener listener;
        final Loss loss = Loss.softmaxCrossEntropyLoss();
        final Shape inputShape;
        final List<EpochMetrics> history = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        List<Parameter> parameters;
        NDList best;
        int bestEpoch;
        double bestLoss = Double.POSITIVE_INFINITY;
        /** The best epoch's validation accuracy; -1 before the first. */
        double bestAccuracy = -1;
        double plateau = 1;
        int sincePlateauBest;
        int sinceBest;
        boolean stoppedEarly;
        long trainingNanos;
        /** Epochs of each phase as planned: the spec's, fewer when a time budget cannot fit them. */
        int planned1;
        int planned2;
        long epochNanosSum;
        int epochsTimed;
        long heldOutNanosPerImage;
        long reservedNanos;

        Run(Model model, Network network, TrainingImages images, ValidationSlice validation, TrainingSpec spec,
            long start, Device[] devices, Checkpoints checkpoints, String fingerprint, EpochListener listener) {
            this.model = model;
            this.block = model.getBlock();
            this.network = network;
            this.images = images;
            this.validation = validation;
            this.start = start;
            this.heldOut = images.validation().isEmpty() ? null : images.validation();
            this.spec = spec;
            this.devices = devices;
            this.checkpoints = checkpoints;
            this.fingerprint = fingerprint;
            this.listener = listener;
            ImageSignature s = images.signature();
            this.inputShape = new Shape(1, s.channels(), s.height(), s.width());
        }

        TrainedModel execute(Checkpoint resume) throws TrainingFailure, IOException {
            int resumedFrom = 0;
            int startPhase = 1;
            if (resume != null) {
                Checkpoint.State state = resume.state();
                history.addAll(state.history());
                plateau = state.plateauFactor();
                sincePlateauBest = state.sincePlateauBest();
                sinceBest = state.sinceBest();
                bestEpoch = state.bestEpoch();
                bestLoss = state.bestLoss();
                bestAccuracy = history.stream().filter(h -> h.epoch() == bestEpoch && h.validationAccuracy() != null)
                        .mapToDouble(EpochMetrics::validationAccuracy).findFirst().orElse(-1);
                stoppedEarly = state.phaseStopped();
                resumedFrom = state.epochsDone();
                startPhase = state.phase();
                LOG.infof("resuming after epoch %d (phase %d) from the checkpoint", resumedFrom, startPhase);
            }
            boolean fineTune = spec.fineTuneEpochs() > 0 && !network.backbone().isEmpty();
            planned1 = spec.epochs();
            planned2 = fineTune ? spec.fineTuneEpochs() : 0;
            long trainingStart = System.nanoTime();
            if (startPhase == 1) {
                phase(1, spec.learningRate(), 0, spec.warmupEpochs(), resume);
                resume = null;
            }
            if (fineTune) {
                stoppedEarly = startPhase == 2 && stoppedEarly;
                // the fine-tuning epochs continue the numbering where the first phase ended (early or not)
                int first = (int) history.stream().filter(h -> !EpochMetrics.FINE_TUNE.equals(h.phase())).count();
                phase(2, spec.fineTuneLearningRate(), first, 0, resume);
            }
            long trainingMs = (System.nanoTime() - trainingStart) / 1_000_000;

            long evaluationStart = System.nanoTime();
            Pass pass = evaluate(images.test());
            Evaluation test = Evaluation.of(images.test().split(), images.signature().classes(),
                    images.test().labels(), pass.predicted(), pass.meanLoss());
            long evaluationMs = (System.nanoTime() - evaluationStart) / 1_000_000;
            int trainedEpochs = history.size() - resumedFrom;
            double seconds = Math.max(trainingNanos, 1) / 1e9;
            double imagesPerSecond = trainedEpochs == 0 ? 0 : (double) images.train().count() * trainedEpochs / seconds;
            if (best != null) {
                best.close();
            }
            if (heldOut == null) {
                bestEpoch = history.size(); // nothing chosen: the last epoch's weights
            }
            TimeBudget budget = spec.timeBudgetSeconds() <= 0 ? null : new TimeBudget(spec.timeBudgetSeconds(),
                    spec.totalEpochs(), planned1 + planned2, (trainingStart - start) / 1_000_000,
                    epochsTimed == 0 ? 0 : epochNanosSum / epochsTimed / 1_000_000, reservedNanos / 1_000_000);
            return new TrainedModel(model, network.architecture(), images.signature(), List.copyOf(history),
                    heldOut == null ? null : heldOut.split(), test, trainingMs, evaluationMs, imagesPerSecond,
                    bestEpoch, stoppedEarly, resumedFrom, List.copyOf(warnings), devices[0].toString(), validation,
                    budget);
        }

        /**
         * Revises the plan after an epoch so that the rest of the run fits the time budget: the epochs still
         * planned, at the length of the last epoch (the first is slower: the engine warms up), plus a reserve for
         * the test evaluation, the champion's re-evaluation (one forward pass over the test split each) and
         * publishing. Never more epochs than asked for; the schedule follows the plan.
         */
        private void planWithinBudget(int phase, long epochNanos) {
            if (spec.timeBudgetSeconds() <= 0) {
                return;
            }
            epochNanosSum += epochNanos;
            epochsTimed++;
            long forwardPerImage = heldOutNanosPerImage > 0 ? heldOutNanosPerImage
                    : trainingNanos / Math.max(1, (long) images.train().count() * epochsTimed) / 3;
            reservedNanos = 2 * forwardPerImage * images.test().count()
                    + Math.max(2_000_000_000L, spec.timeBudgetSeconds() * 20_000_000L); // writing: 2 % or 2 s
            long left = start + spec.timeBudgetSeconds() * 1_000_000_000L - System.nanoTime() - reservedNanos;
            int more = (int) Math.max(0, Math.min(Integer.MAX_VALUE, left / Math.max(1, epochNanos)));
            // the epoch that just ended is not in the history yet
            int done1 = (int) history.stream().filter(h -> !EpochMetrics.FINE_TUNE.equals(h.phase())).count()
                    + (phase == 1 ? 1 : 0);
            int done2 = history.size() + 1 - done1;
            int asked2 = spec.fineTuneEpochs() > 0 && !network.backbone().isEmpty() ? spec.fineTuneEpochs() : 0;
            if (phase == 1) {
                int total = Math.min(spec.epochs() + asked2, done1 + more);
                // the phases keep their proportions; the first phase gets at least the epochs it has run
                int first = (int) Math.round((double) total * spec.epochs() / Math.max(1, spec.epochs() + asked2));
                planned1 = Math.max(done1, Math.min(spec.epochs(), first));
                planned2 = Math.min(asked2, Math.max(0, total - planned1));
            } else {
                planned2 = Math.min(asked2, done2 + more);
            }
        }

        /** Trains one phase: epochs {@code first + 1 … first + planned}, the plan revised after every epoch. */
        private void phase(int phase, double rate, int first, int warmup, Checkpoint resume)
                throws TrainingFailure, IOException {
            ResumableAdam optimizer = new ResumableAdam(rate);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(devices);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                parameters = block.getParameters().values();
                if (resume != null) {
                    restore(resume, optimizer);
                } else if (phase == 2) {
                    sinceBest = 0;
                    stoppedEarly = false;
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
                String phaseName = phase == 1 ? EpochMetrics.TRAIN : EpochMetrics.FINE_TUNE;
                int done = history.size() - first;
                for (int e = done; e < (phase == 1 ? planned1 : planned2) && !stoppedEarly; e++) {
                    int epochs = phase == 1 ? planned1 : planned2;
                    LearningRateSchedule schedule = new LearningRateSchedule(rate, spec.schedule(), epochs, warmup,
                            spec.stepEpochs());
                    epoch(trainer, optimizer, schedule, phase, phaseName, first, e);
                }
                network.fineTuning(false);
            }
            if (heldOut != null && best != null && bestEpoch != history.size()) {
                restoreBest();
            }
        }

        private void epoch(Trainer trainer, ResumableAdam optimizer, LearningRateSchedule schedule, int phase,
                           String phaseName, int first, int e) throws TrainingFailure, IOException {
            int epoch = first + e + 1;
            long epochStart = System.nanoTime();
            long seed = epochSeed(spec.seed(), epoch);
            seedDropout(model.getBlock(), seed);
            Random order = new Random(seed);
            Random augmentation = new Random(seed ^ 0x5DEECE66DL);
            SplitImages train = images.train();
            List<int[]> batches = batches(train.count(), spec.batchSize(), order);
            double lossSum = 0;
            long correct = 0;
            double lastRate = 0;
            for (int b = 0; b < batches.size(); b++) {
                lastRate = schedule.rate(e, b, batches.size(), plateau);
                optimizer.setLearningRate(lastRate);
                int[] batch = batches.get(b);
                float[] pixels = gather(train, batch, augmentation);
                try (NDManager scope = model.getNDManager().newSubManager(devices[0])) {
                    NDArray data = scope.create(FloatBuffer.wrap(pixels), shape(batch.length));
                    NDArray labels = scope.create(labels(train, batch));
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
                                        + " learning rate (or add warm-up epochs) and train again", value, epoch,
                                        b + 1, lastRate));
                            }
                            collector.backward(batchLoss);
                            lossSum += value * (double) part.getSize();
                            correct += correct(predictions.singletonOrThrow(), part.getLabels().singletonOrThrow());
                        }
                    }
                    trainer.step();
                }
            }
            long trainNanos = System.nanoTime() - epochStart;
            trainingNanos += trainNanos;
            Pass pass = heldOut == null ? null : evaluate(heldOut);
            if (heldOut != null) {
                heldOutNanosPerImage = (System.nanoTime() - epochStart - trainNanos) / Math.max(1, heldOut.count());
            }
            Double heldOutLoss = pass == null ? null : pass.meanLoss();
            // better = more validation images right, the loss breaking ties: the promotion gate and users judge
            // accuracy, and late in a run the loss often rises (confident mistakes) while accuracy still climbs
            boolean improved = pass != null && (pass.accuracy() > bestAccuracy
                    || pass.accuracy() == bestAccuracy && heldOutLoss < bestLoss);
            if (heldOut == null) {
                bestEpoch = epoch;
            } else if (improved) {
                bestLoss = heldOutLoss;
                bestAccuracy = pass.accuracy();
                bestEpoch = epoch;
                sinceBest = 0;
                sincePlateauBest = 0;
                snapshotBest();
            } else {
                sinceBest++;
                sincePlateauBest++;
                if (spec.plateauPatience() > 0 && sincePlateauBest >= spec.plateauPatience()) {
                    plateau *= LearningRateSchedule.PLATEAU_FACTOR;
                    sincePlateauBest = 0;
                    LOG.infof("epoch %d: validation has not improved for %d epochs; learning rate ×%.2f",
                            epoch, spec.plateauPatience(), plateau);
                }
                if (spec.earlyStoppingPatience() > 0 && sinceBest >= spec.earlyStoppingPatience()) {
                    stoppedEarly = true;
                }
            }
            int n = train.count();
            planWithinBudget(phase, System.nanoTime() - epochStart);
            EpochMetrics metrics = new EpochMetrics(epoch, planned1 + planned2, n == 0 ? 0 : lossSum / n,
                    n == 0 ? 0 : (double) correct / n, heldOutLoss, pass == null ? null : pass.accuracy(), lastRate,
                    (System.nanoTime() - epochStart) / 1_000_000, n / Math.max(trainNanos / 1e9, 1e-9), phaseName);
            history.add(metrics);
            checkpoints.save(checkpoint(phase, optimizer));
            listener.onEpoch(metrics);
        }

        private float[] gather(SplitImages split, int[] batch, Random augmentation) throws TrainingFailure {
            int size = split.inputSize();
            float[] pixels = new float[batch.length * size];
            if (split.isCached()) {
                for (int i = 0; i < batch.length; i++) {
                    split.copy(batch[i], pixels, i * size);
                }
            } else {
                // not cached: read and preprocess the batch's images in parallel, each into its own slot
                AtomicReference<TrainingFailure> failure = new AtomicReference<>();
                IntStream.range(0, batch.length).parallel().forEach(i -> {
                    try {
                        split.copy(batch[i], pixels, i * size);
                    } catch (TrainingFailure e) {
                        failure.compareAndSet(null, e);
                    }
                });
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            if (augmentation != null && !spec.augmentation().isEmpty()) {
                ImageSignature s = images.signature();
                float[] scratch = new float[size];
                for (int i = 0; i < batch.length; i++) {
                    Augmentation.apply(spec.augmentation(), pixels, i * size, s.channels(), s.height(), s.width(),
                            augmentation, scratch);
                }
            }
            return pixels;
        }

        private Shape shape(int count) {
            return new Shape(count, inputShape.get(1), inputShape.get(2), inputShape.get(3));
        }

        private static float[] labels(SplitImages split, int[] batch) {
            float[] labels = new float[batch.length];
            for (int i = 0; i < batch.length; i++) {
                labels[i] = split.labels()[batch[i]];
            }
            return labels;
        }

        private static long correct(NDArray logits, NDArray labels) {
            return logits.argMax(1).toType(DataType.INT64, false)
                    .eq(labels.toType(DataType.INT64, false)).countNonzero().getLong();
        }

        /** Runs a split through the network in inference mode: mean loss, accuracy, predicted labels in order. */
        private Pass evaluate(SplitImages split) throws TrainingFailure {
            int count = split.count();
            int[] predicted = new int[count];
            double lossSum = 0;
            int next = 0;
            for (int[] batch : batches(count, spec.batchSize(), null)) {
                float[] pixels = gather(split, batch, null);
                try (NDManager scope = model.getNDManager().newSubManager(devices[0])) {
                    NDArray data = scope.create(FloatBuffer.wrap(pixels), shape(batch.length));
                    NDArray labels = scope.create(labels(split, batch));
                    NDList predictions = block.forward(new ParameterStore(scope, false), new NDList(data), false);
                    lossSum += loss.evaluate(new NDList(labels), predictions).getFloat() * (double) batch.length;
                    int[] batchPredictions = predictions.singletonOrThrow().argMax(1)
                            .toType(DataType.INT32, false).toIntArray();
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

        /** Keeps a copy of every parameter (weights and batch-norm statistics) of the best epoch so far. */
        private void snapshotBest() {
            if (best != null) {
                best.close();
            }
            best = new NDList(parameters.size());
            for (Parameter p : parameters) {
                NDArray copy = p.getArray().duplicate();
                copy.attach(model.getNDManager());
                best.add(copy);
            }
        }

        private void restoreBest() {
            LOG.infof("restoring the weights of epoch %d, the best on validation (accuracy %.4f, loss %.4f)",
                    bestEpoch, bestAccuracy, bestLoss);
            for (int i = 0; i < parameters.size(); i++) {
                assign(parameters.get(i).getArray(), best.get(i));
            }
        }

        /** Copies values into a parameter's array in place, so every holder of that array sees them. */
        private static void assign(NDArray target, NDArray values) {
            if (!target.getShape().equals(values.getShape())) {
                throw new IllegalStateException("parameter shape " + target.getShape() + " cannot take "
                        + values.getShape());
            }
            target.set(values.toType(target.getDataType(), false).toByteBuffer());
        }

        private Checkpoint checkpoint(int phase, ResumableAdam optimizer) throws IOException {
            Checkpoint.State state = new Checkpoint.State(fingerprint, phase, history.size(), List.copyOf(history),
                    plateau, sincePlateauBest, sinceBest, bestEpoch, bestLoss, stoppedEarly);
            if (checkpoints == Checkpoints.NONE) {
                return new Checkpoint(state, new byte[0], new byte[0], new byte[0]);
            }
            return new Checkpoint(state, encode(parameters.stream().map(Parameter::getArray).toList()),
                    best == null || bestEpoch == history.size() ? new byte[0] : encode(best),
                    encodeOptimizer(optimizer));
        }

        private byte[] encodeOptimizer(ResumableAdam optimizer) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                optimizer.save(out, parameters);
            }
            return bytes.toByteArray();
        }

        private void restore(Checkpoint checkpoint, ResumableAdam optimizer) throws IOException {
            NDManager manager = model.getNDManager();
            try (NDManager scope = manager.newSubManager()) {
                List<NDArray> current = decode(checkpoint.parameters(), scope);
                for (int i = 0; i < parameters.size(); i++) {
                    assign(parameters.get(i).getArray(), current.get(i));
                }
            }
            if (checkpoint.bestParameters().length > 0) {
                best = new NDList(decode(checkpoint.bestParameters(), manager));
            } else if (bestEpoch > 0) {
                snapshotBest();
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint.optimizer()))) {
                optimizer.load(in, parameters, manager);
            }
        }

        private List<NDArray> decode(byte[] bytes, NDManager manager) throws IOException {
            List<NDArray> arrays = new ArrayList<>();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                int count = in.readInt();
                if (count != parameters.size()) {
                    throw new IOException("checkpoint holds " + count + " parameters, the network has "
                            + parameters.size());
                }
                for (int i = 0; i < count; i++) {
                    byte[] array = new byte[in.readInt()];
                    in.readFully(array);
                    arrays.add(NDArray.decode(manager, array));
                }
            }
            return arrays;
        }

        private static byte[] encode(List<NDArray> arrays) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(arrays.size());
                for (NDArray array : arrays) {
                    byte[] encoded = array.encode();
                    out.writeInt(encoded.length);
                    out.write(encoded);
                }
            }
            return bytes.toByteArray();
        }
    }

    private record Pass(double meanLoss, double accuracy, int[] predicted) {
    }
}
