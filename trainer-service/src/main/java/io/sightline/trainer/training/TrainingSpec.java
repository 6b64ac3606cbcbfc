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
 * @param learningRate          peak Adam learning rate
 * @param seed                  seed of initialisation, dropout, shuffling and augmentation
 * @param schedule              how the learning rate changes over the epochs
 * @param warmupEpochs          epochs of linear warm-up at the start of the first phase
 * @param stepEpochs            {@link Schedule#STEP}: epochs between reductions by 10×
 * @param plateauPatience       halve the learning rate after this many epochs without a better held-out loss
 *                              (0: never)
 * @param earlyStoppingPatience stop a phase after this many epochs without a better held-out loss (0: never)
 * @param augmentation          random changes applied to training images
 * @param fineTuneEpochs        epochs of the fine-tuning phase (transfer only; 0: none)
 * @param fineTuneLearningRate  peak learning rate of the fine-tuning phase
 */
public record TrainingSpec(String architecture, int imageSize, int epochs, int batchSize, double learningRate,
                           long seed, Schedule schedule, int warmupEpochs, int stepEpochs, int plateauPatience,
                           int earlyStoppingPatience, Set<Augmentation> augmentation, int fineTuneEpochs,
                           double fineTuneLearningRate) {

    /** Fine-tuning rate when a phase is asked for without one: small, so the pretrained features survive. */
    public static final double DEFAULT_FINE_TUNE_LEARNING_RATE = 2e-5;

    /** How the learning rate moves from epoch to epoch (after any warm-up). */
    public enum Schedule {
        /** The peak rate throughout. */
        CONSTANT,
        /** Half a cosine from the peak down to 1% of it at the last epoch. */
        COSINE,
        /** The peak rate, divided by 10 every {@code stepEpochs}. */
        STEP;

        public static Schedule parse(String name) {
            return name == null || name.isBlank() ? CONSTANT : valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    public TrainingSpec {
        augmentation = augmentation.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(augmentation));
    }

    /** A plain run: constant rate, no early stopping, no augmentation, no fine-tuning. */
    public TrainingSpec(String architecture, int imageSize, int epochs, int batchSize, double learningRate, long seed) {
        this(architecture, imageSize, epochs, batchSize, learningRate, seed, Schedule.CONSTANT, 0,
                Math.max(1, epochs / 3), 0, 0, Set.of(), 0, DEFAULT_FINE_TUNE_LEARNING_RATE);
    }

    /** The spec of a job's parameters: image size 0 becomes the architecture's default, null options "off". */
    public static TrainingSpec of(TrainingParameters p) {
        int imageSize = p.imageSize() > 0 ? p.imageSize() : ArchitectureSpec.defaultImageSize(p.architecture());
        Double fineTuneRate = p.fineTuneLearningRate();
        int fineTuneEpochs = p.fineTuneEpochs() != null ? p.fineTuneEpochs()
                : fineTuneRate != null ? Math.max(1, (p.epochs() + 1) / 2) : 0;
        return new TrainingSpec(p.architecture(), imageSize, p.epochs(), p.batchSize(), p.learningRate(), p.seed(),
                Schedule.parse(p.schedule()), orZero(p.warmupEpochs()),
                p.stepEpochs() != null ? p.stepEpochs() : Math.max(1, p.epochs() / 3),
                orZero(p.plateauPatience()), orZero(p.earlyStoppingPatience()), Augmentation.parse(p.augmentation()),
                fineTuneEpochs, fineTuneRate != null ? fineTuneRate : DEFAULT_FINE_TUNE_LEARNING_RATE);
    }

    /** The block description for RGB input and {@code classes} outputs (from-scratch architectures). */
    public ArchitectureSpec architectureSpec(int classes) {
        return ArchitectureSpec.CNN.equals(architecture)
                ? ArchitectureSpec.cnn(imageSize, 3, classes)
                : ArchitectureSpec.zoo(architecture, imageSize, 3, classes);
    }

    /** Epochs of both phases. */
    public int totalEpochs() {
        return epochs + fineTuneEpochs;
    }

    /** The same run with another image size (transfer takes the backbone's). */
    public TrainingSpec withImageSize(int size) {
        return new TrainingSpec(architecture, size, epochs, batchSize, learningRate, seed, schedule, warmupEpochs,
                stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs, fineTuneLearningRate);
    }

    /** The same run with other options, for tests and benchmarks. */
    public TrainingSpec with(Schedule schedule, int warmupEpochs, int plateauPatience, int earlyStoppingPatience,
                             Set<Augmentation> augmentation) {
        return new TrainingSpec(architecture, imageSize, epochs, batchSize, learningRate, seed, schedule, warmupEpochs,
                stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs, fineTuneLearningRate);
    }

    /** The same run with a fine-tuning phase. */
    public TrainingSpec withFineTuning(int epochs, double rate) {
        return new TrainingSpec(architecture, imageSize, this.epochs, batchSize, learningRate, seed, schedule,
                warmupEpochs, stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, epochs, rate);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static List<String> names(Set<Augmentation> augmentation) {
        return augmentation.stream().sorted().map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
    }
}
