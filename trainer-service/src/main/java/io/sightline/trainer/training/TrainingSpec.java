package io.sightline.trainer.training;

import io.sightline.events.TrainingParameters;
import io.sightline.vision.ArchitectureSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hyperparameters of one training run, every default resolved.
 *
 * @param architecture          {@code cnn}, {@code mobilenet_v2}, {@code resnet18} or {@code transfer}
 * @param imageSize             square input side in pixels
 * @param epochs                passes over the training split (of the first phase, for transfer)
 * @param batchSize             images per optimiser step
 * @param learningRate          peak Adam learning rate; 0: found by a range test before training
 *                              ({@link LearningRateFinder}, decision 101)
 * @param seed                  seed of initialisation, dropout, shuffling and augmentation
 * @param schedule              how the learning rate changes over the epochs
 * @param warmupEpochs          epochs of linear warm-up at the start of the first phase
 * @param stepEpochs            {@link Schedule#STEP}: epochs between reductions by 10×
 * @param plateauPatience       halve the learning rate after this many epochs without a better validation result
 *                              (0: never)
 * @param earlyStoppingPatience stop a phase after this many epochs without a better validation result (0: never)
 * @param augmentation          random changes applied to training images
 * @param fineTuneEpochs        epochs of the fine-tuning phase (transfer only; 0: none)
 * @param fineTuneLearningRate  peak learning rate of the fine-tuning phase; 0: {@link #FINE_TUNE_RATIO} of the rate
 *                              the range test found
 * @param validationShare       share of each class's training images held out to choose the epoch when the
 *                              dataset has no validation split (0: none; the last epoch is kept)
 * @param timeBudgetSeconds     most wall time of the job, counted from {@link #start}; the epochs are planned to fit
 *                              (0: none, train {@code epochs})
 * @param start                 when the job started ({@link System#nanoTime()}), or 0 for "when training starts"
 */
public record TrainingSpec(String architecture, int imageSize, int epochs, int batchSize, double learningRate,
                           long seed, Schedule schedule, int warmupEpochs, int stepEpochs, int plateauPatience,
                           int earlyStoppingPatience, Set<Augmentation> augmentation, int fineTuneEpochs,
                           double fineTuneLearningRate, double validationShare, int timeBudgetSeconds, long start) {

    /** Fine-tuning rate when a phase is asked for without one: small, so the pretrained features survive. */
    public static final double DEFAULT_FINE_TUNE_LEARNING_RATE = 2e-5;
    /**
     * The fine-tuning rate as a share of the first phase's when the range test chose that one: the ratio of the
     * defaults (2e-5 to 1e-3), small so the pretrained features survive. A sweep on the unfrozen network would
     * find where the loss falls fastest, which is the rate that rewrites the base (decision 101).
     */
    public static final double FINE_TUNE_RATIO = 1.0 / 50;
    /** Share of the training images carved out for validation when a dataset has none (decision 080). */
    public static final double DEFAULT_VALIDATION_SHARE = 0.1;

    /** How the learning rate moves from epoch to epoch (after any warm-up). */
    public enum Schedule {
        /** The peak rate throughout. */
        CONSTANT,
        /** Half a cosine from the peak down to 1% of it at the last epoch. */
        COSINE,
        /** The peak rate, divided by 10 every {@code stepEpochs}. */
        STEP;

        /** A name; none means {@link #COSINE}, which ends every run at a low rate (decision 080). */
        public static Schedule parse(String name) {
            return name == null || name.isBlank() ? COSINE : valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    public TrainingSpec {
        if (!(validationShare >= 0 && validationShare <= 0.5)) {
            throw new IllegalArgumentException("validationShare must be between 0 and 0.5, got " + validationShare);
        }
        augmentation = augmentation.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(augmentation));
    }

    /** A plain run: constant rate, no early stopping, no augmentation, no fine-tuning. */
    public TrainingSpec(String architecture, int imageSize, int epochs, int batchSize, double learningRate, long seed) {
        this(architecture, imageSize, epochs, batchSize, learningRate, seed, Schedule.CONSTANT, 0,
                Math.max(1, epochs / 3), 0, 0, Set.of(), 0, DEFAULT_FINE_TUNE_LEARNING_RATE, DEFAULT_VALIDATION_SHARE, 0,
                0);
    }

    /** The pre-time-budget record (tests and benchmarks): the default validation share, no budget. */
    public TrainingSpec(String architecture, int imageSize, int epochs, int batchSize, double learningRate, long seed,
                        Schedule schedule, int warmupEpochs, int stepEpochs, int plateauPatience,
                        int earlyStoppingPatience, Set<Augmentation> augmentation, int fineTuneEpochs,
                        double fineTuneLearningRate) {
        this(architecture, imageSize, epochs, batchSize, learningRate, seed, schedule, warmupEpochs, stepEpochs,
                plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs, fineTuneLearningRate,
                DEFAULT_VALIDATION_SHARE, 0, 0);
    }

    /** The spec of a job's parameters: image size 0 becomes the architecture's default, null options "off". */
    public static TrainingSpec of(TrainingParameters p) {
        return of(p, 0, 0);
    }

    /**
     * The batch size a job that leaves it out gets: about 50 steps per epoch or more, as a power of two between 16
     * (small datasets still take many small steps) and 128 (where a CPU step costs little more per image, and
     * Adam at 1e-3 still learns per epoch as much as at 32 — measured on Fashion-MNIST, docs/benchmarks.md).
     */
    public static int defaultBatchSize(int trainingImages) {
        int target = Math.max(1, trainingImages / 50);
        int size = Math.max(16, Math.min(128, Integer.highestOneBit(target)));
        return trainingImages > 0 ? Math.min(size, trainingImages) : size;
    }

    /**
     * The spec of a job's parameters for a dataset whose pictures are typically {@code typicalSide} pixels (0:
     * unknown) and {@code trainingImages} training images (0: unknown): image size 0 becomes the architecture's
     * default for such pictures, batch size 0 {@link #defaultBatchSize}, no schedule cosine.
     */
    public static TrainingSpec of(TrainingParameters p, int typicalSide, int trainingImages) {
        int imageSize = p.imageSize() > 0 ? p.imageSize()
                : ArchitectureSpec.defaultImageSize(p.architecture(), typicalSide);
        Double fineTuneRate = p.fineTuneLearningRate();
        int fineTuneEpochs = p.fineTuneEpochs() != null ? p.fineTuneEpochs()
                : fineTuneRate != null ? Math.max(1, (p.epochs() + 1) / 2) : 0;
        int batchSize = p.batchSize() > 0 ? p.batchSize() : defaultBatchSize(trainingImages);
        boolean find = p.findsLearningRate();
        return new TrainingSpec(p.architecture(), imageSize, p.epochs(), batchSize, find ? 0 : p.learningRate(),
                p.seed(),
                Schedule.parse(p.schedule()), orZero(p.warmupEpochs()),
                p.stepEpochs() != null ? p.stepEpochs() : Math.max(1, p.epochs() / 3),
                orZero(p.plateauPatience()), orZero(p.earlyStoppingPatience()), Augmentation.parse(p.augmentation()),
                fineTuneEpochs, fineTuneRate != null ? fineTuneRate : find ? 0 : DEFAULT_FINE_TUNE_LEARNING_RATE,
                p.validationShare() != null ? p.validationShare() : DEFAULT_VALIDATION_SHARE,
                p.timeBudgetSeconds() != null ? p.timeBudgetSeconds() : 0, 0);
    }

    /** The block description for RGB input and {@code classes} outputs (from-scratch architectures). */
    public ArchitectureSpec architectureSpec(int classes) {
        return ArchitectureSpec.CNN.equals(architecture)
                ? ArchitectureSpec.cnn(imageSize, 3, classes)
                : ArchitectureSpec.zoo(architecture, imageSize, 3, classes);
    }

    /** Whether a range test picks the learning rate before training. */
    public boolean findsLearningRate() {
        return learningRate == 0;
    }

    /** Epochs of both phases. */
    public int totalEpochs() {
        return epochs + fineTuneEpochs;
    }

    /** The same run with another image size (transfer takes the backbone's). */
    public TrainingSpec withImageSize(int size) {
        return new TrainingSpec(architecture, size, epochs, batchSize, learningRate, seed, schedule, warmupEpochs,
                stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs, fineTuneLearningRate,
                validationShare, timeBudgetSeconds, start);
    }

    /** The same run with other options, for tests and benchmarks. */
    public TrainingSpec with(Schedule schedule, int warmupEpochs, int plateauPatience, int earlyStoppingPatience,
                             Set<Augmentation> augmentation) {
        return new TrainingSpec(architecture, imageSize, epochs, batchSize, learningRate, seed, schedule, warmupEpochs,
                stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs, fineTuneLearningRate,
                validationShare, timeBudgetSeconds, start);
    }

    /** The same run with a fine-tuning phase. */
    public TrainingSpec withFineTuning(int epochs, double rate) {
        return new TrainingSpec(architecture, imageSize, this.epochs, batchSize, learningRate, seed, schedule,
                warmupEpochs, stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, epochs, rate,
                validationShare, timeBudgetSeconds, start);
    }

    /** The same run with another number of (first-phase) epochs. */
    public TrainingSpec withEpochs(int epochs) {
        return copy(epochs, batchSize, seed, validationShare, timeBudgetSeconds, start);
    }

    /** The same run with another batch size. */
    public TrainingSpec withBatchSize(int batchSize) {
        return copy(epochs, batchSize, seed, validationShare, timeBudgetSeconds, start);
    }

    /** The same run with another seed. */
    public TrainingSpec withSeed(long seed) {
        return copy(epochs, batchSize, seed, validationShare, timeBudgetSeconds, start);
    }

    /** The same run with another validation share (0: no slice, no choice of epoch). */
    public TrainingSpec withValidationShare(double share) {
        return copy(epochs, batchSize, seed, share, timeBudgetSeconds, start);
    }

    /**
     * The same run within a time budget counted from {@code start} ({@link System#nanoTime()}; 0: from when
     * training starts).
     */
    public TrainingSpec withTimeBudget(int seconds, long start) {
        return copy(epochs, batchSize, seed, validationShare, seconds, start);
    }

    private TrainingSpec copy(int epochs, int batchSize, long seed, double validationShare, int timeBudgetSeconds,
                              long start) {
        return new TrainingSpec(architecture, imageSize, epochs, batchSize, learningRate, seed, schedule,
                warmupEpochs, stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs,
                fineTuneLearningRate, validationShare, timeBudgetSeconds, start);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static List<String> names(Set<Augmentation> augmentation) {
        return augmentation.stream().sorted().map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
    }
}
