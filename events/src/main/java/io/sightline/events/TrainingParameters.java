package io.sightline.events;

import java.util.List;
import java.util.Map;

/**
 * What to train and how. Zero or null means "the trainer's default" for optional values. The fields after
 * {@code seed} were added later: producers that do not know them leave them null, which means "off".
 *
 * @param architecture         {@code cnn}, {@code mobilenet_v2}, {@code resnet18} or {@code transfer}
 * @param baseModel            for {@code transfer}: a registered model {@code name[:version]} or a TorchScript file/URL
 * @param epochs               passes over the training split
 * @param batchSize            images per optimiser step; 0 = sized to the training split
 * @param learningRate         Adam learning rate of the (first) training phase; with {@code learningRateAuto} the
 *                             rate the range test chose once the job ran (0 before)
 * @param fineTuneLearningRate learning rate of the optional fine-tuning phase, or null for none
 * @param imageSize            square input side in pixels, or 0 for the architecture's default
 * @param seed                 seed of initialisation and shuffling
 * @param schedule             learning-rate schedule: {@code constant}, {@code cosine} or {@code step}; null = cosine
 *                             (constant in records written before decision 080)
 * @param warmupEpochs         epochs of linear learning-rate warm-up at the start; null = none
 * @param stepEpochs           {@code step} schedule: epochs between reductions by 10×; null = a third of the epochs
 * @param plateauPatience      halve the learning rate after this many epochs without a better validation result;
 *                             null = never
 * @param earlyStoppingPatience stop after this many epochs without a better validation result and keep the best
 *                             epoch's weights; null = train every epoch (the best epoch's weights are kept anyway)
 * @param augmentation         random training-time changes: {@code flip} (horizontal), {@code crop} (shift by up to
 *                             an eighth of the side); null = none
 * @param fineTuneEpochs       epochs of the fine-tuning phase of {@code transfer}; null = none unless
 *                             {@code fineTuneLearningRate} is given (then half the epochs, at least 1)
 * @param timeBudgetSeconds    most wall time the job may take, preprocessing, test evaluation and publishing
 *                             included: the epochs are planned to fit it ({@code epochs} then caps them); null = none
 * @param validationShare      share of each class's training images held out for choosing the epoch, when the
 *                             dataset has no validation split; null = the trainer's default (0.1), 0 = none
 * @param learningRateAuto     true: a learning-rate range test picks the rate (and the fine-tuning rate, unless
 *                             given) before training; null or false = {@code learningRate} as given (decision 101)
 * @param labels               labels of the model version ({@link ModelLabels}), carried into its metrics and its
 *                             promotion so inference pools can select by them; null = none (decision 108)
 */
public record TrainingParameters(
        String architecture,
        String baseModel,
        int epochs,
        int batchSize,
        double learningRate,
        Double fineTuneLearningRate,
        int imageSize,
        long seed,
        String schedule,
        Integer warmupEpochs,
        Integer stepEpochs,
        Integer plateauPatience,
        Integer earlyStoppingPatience,
        List<String> augmentation,
        Integer fineTuneEpochs,
        Integer timeBudgetSeconds,
        Double validationShare,
        Boolean learningRateAuto,
        Map<String, String> labels) {

    public TrainingParameters {
        augmentation = augmentation == null ? null : List.copyOf(augmentation);
        labels = labels == null || labels.isEmpty() ? null : Map.copyOf(labels);
    }

    /** Parameters without labels (the payload before they were added). */
    public TrainingParameters(String architecture, String baseModel, int epochs, int batchSize, double learningRate,
                              Double fineTuneLearningRate, int imageSize, long seed, String schedule,
                              Integer warmupEpochs, Integer stepEpochs, Integer plateauPatience,
                              Integer earlyStoppingPatience, List<String> augmentation, Integer fineTuneEpochs,
                              Integer timeBudgetSeconds, Double validationShare, Boolean learningRateAuto) {
        this(architecture, baseModel, epochs, batchSize, learningRate, fineTuneLearningRate, imageSize, seed, schedule,
                warmupEpochs, stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs,
                timeBudgetSeconds, validationShare, learningRateAuto, null);
    }

    /** Parameters without the automatic learning rate (the payload before it was added). */
    public TrainingParameters(String architecture, String baseModel, int epochs, int batchSize, double learningRate,
                              Double fineTuneLearningRate, int imageSize, long seed, String schedule,
                              Integer warmupEpochs, Integer stepEpochs, Integer plateauPatience,
                              Integer earlyStoppingPatience, List<String> augmentation, Integer fineTuneEpochs,
                              Integer timeBudgetSeconds, Double validationShare) {
        this(architecture, baseModel, epochs, batchSize, learningRate, fineTuneLearningRate, imageSize, seed, schedule,
                warmupEpochs, stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs,
                timeBudgetSeconds, validationShare, null);
    }

    /** Whether a range test picks the learning rate. */
    public boolean findsLearningRate() {
        return Boolean.TRUE.equals(learningRateAuto);
    }

    /** Parameters without a time budget or validation share (the payload before they were added). */
    public TrainingParameters(String architecture, String baseModel, int epochs, int batchSize, double learningRate,
                              Double fineTuneLearningRate, int imageSize, long seed, String schedule,
                              Integer warmupEpochs, Integer stepEpochs, Integer plateauPatience,
                              Integer earlyStoppingPatience, List<String> augmentation, Integer fineTuneEpochs) {
        this(architecture, baseModel, epochs, batchSize, learningRate, fineTuneLearningRate, imageSize, seed, schedule,
                warmupEpochs, stepEpochs, plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs, null,
                null);
    }

    /** Parameters without schedule, early stopping, augmentation or fine-tuning epochs (the original payload). */
    public TrainingParameters(String architecture, String baseModel, int epochs, int batchSize, double learningRate,
                              Double fineTuneLearningRate, int imageSize, long seed) {
        this(architecture, baseModel, epochs, batchSize, learningRate, fineTuneLearningRate, imageSize, seed, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** A builder with every value unset: 0 for the required numbers, null (off, or the default) for the rest. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these parameters, to change a few of them. */
    public Builder toBuilder() {
        return new Builder().setArchitecture(architecture).optBaseModel(baseModel).setEpochs(epochs)
                .setBatchSize(batchSize).setLearningRate(learningRate).optFineTuneLearningRate(fineTuneLearningRate)
                .setImageSize(imageSize).setSeed(seed).optSchedule(schedule).optWarmupEpochs(warmupEpochs)
                .optStepEpochs(stepEpochs).optPlateauPatience(plateauPatience)
                .optEarlyStoppingPatience(earlyStoppingPatience).optAugmentation(augmentation)
                .optFineTuneEpochs(fineTuneEpochs).optTimeBudgetSeconds(timeBudgetSeconds)
                .optValidationShare(validationShare).optLearningRateAuto(learningRateAuto).optLabels(labels);
    }

    /**
     * Builds parameters by name rather than by position (nineteen values, most of them usually null). {@code set}
     * for the values every job has, {@code opt} for those that may be left out; the meaning of each is the
     * record component's.
     */
    public static final class Builder {
        private String architecture;
        private String baseModel;
        private int epochs;
        private int batchSize;
        private double learningRate;
        private Double fineTuneLearningRate;
        private int imageSize;
        private long seed;
        private String schedule;
        private Integer warmupEpochs;
        private Integer stepEpochs;
        private Integer plateauPatience;
        private Integer earlyStoppingPatience;
        private List<String> augmentation;
        private Integer fineTuneEpochs;
        private Integer timeBudgetSeconds;
        private Double validationShare;
        private Boolean learningRateAuto;
        private Map<String, String> labels;

        private Builder() {
        }

        public Builder setArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder optBaseModel(String baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        public Builder setEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optFineTuneLearningRate(Double fineTuneLearningRate) {
            this.fineTuneLearningRate = fineTuneLearningRate;
            return this;
        }

        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optSchedule(String schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder optWarmupEpochs(Integer warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        public Builder optStepEpochs(Integer stepEpochs) {
            this.stepEpochs = stepEpochs;
            return this;
        }

        public Builder optPlateauPatience(Integer plateauPatience) {
            this.plateauPatience = plateauPatience;
            return this;
        }

        public Builder optEarlyStoppingPatience(Integer earlyStoppingPatience) {
            this.earlyStoppingPatience = earlyStoppingPatience;
            return this;
        }

        public Builder optAugmentation(List<String> augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        public Builder optFineTuneEpochs(Integer fineTuneEpochs) {
            this.fineTuneEpochs = fineTuneEpochs;
            return this;
        }

        public Builder optTimeBudgetSeconds(Integer timeBudgetSeconds) {
            this.timeBudgetSeconds = timeBudgetSeconds;
            return this;
        }

        public Builder optValidationShare(Double validationShare) {
            this.validationShare = validationShare;
            return this;
        }

        public Builder optLearningRateAuto(Boolean learningRateAuto) {
            this.learningRateAuto = learningRateAuto;
            return this;
        }

        public Builder optLabels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public TrainingParameters build() {
            return new TrainingParameters(architecture, baseModel, epochs, batchSize, learningRate,
                    fineTuneLearningRate, imageSize, seed, schedule, warmupEpochs, stepEpochs, plateauPatience,
                    earlyStoppingPatience, augmentation, fineTuneEpochs, timeBudgetSeconds, validationShare,
                    learningRateAuto, labels);
        }
    }
}
