package io.sightline.trainer.jobs.queue;

import io.sightline.events.TrainingParameters;
import io.sightline.trainer.jobs.backbone.BackboneReference;
import java.util.List;
import java.util.Map;

/**
 * A training job as someone asked for it; null means "not given" and gets the {@link TrainingDefaults}
 * (or, for the dataset version, the newest one).
 *
 * @param model                model name to register the result under (required)
 * @param dataset              dataset name (required)
 * @param datasetVersion       dataset version, or null for the newest published one
 * @param architecture         {@code cnn}, {@code mobilenet_v2} or {@code resnet18}
 * @param baseModel            base model of transfer learning
 * @param baseModelSha256      the SHA-256 a TorchScript URL or file must have; carried to the worker as the base
 *                             model's {@code #sha256=} pin
 * @param epochs               passes over the training split
 * @param batchSize            images per optimiser step (default: sized to the training split, 16 to 128)
 * @param learningRate         Adam learning rate, or {@code "auto"}: a range test chooses it (decision 101)
 * @param fineTuneLearningRate learning rate of a fine-tuning phase
 * @param imageSize            square input side, 0 for the architecture's default
 * @param seed                 seed of initialisation and shuffling
 * @param schedule             learning-rate schedule: cosine (default), constant or step
 * @param warmupEpochs         epochs of linear learning-rate warm-up
 * @param stepEpochs           step schedule: epochs between reductions by 10×
 * @param plateauPatience      halve the learning rate after this many epochs without a better validation result
 * @param earlyStoppingPatience stop after this many epochs without a better validation result
 * @param augmentation         flip, crop
 * @param fineTuneEpochs       transfer: epochs of the fine-tuning phase
 * @param timeBudgetSeconds    most wall time of the job; epochs are planned to fit (then {@code epochs}, if given,
 *                             only caps them)
 * @param validationShare      share of the training images held out to choose the epoch when the dataset has no
 *                             validation split (default 0.1; 0: none, the last epoch is kept)
 * @param labels               the model version's labels, which inference pools may select by (decision 108)
 */
public record JobRequest(String model, String dataset, String datasetVersion, String architecture, String baseModel,
                         String baseModelSha256, Integer epochs, Integer batchSize, RequestedLearningRate learningRate, Double fineTuneLearningRate,
                         Integer imageSize, Long seed, String schedule, Integer warmupEpochs, Integer stepEpochs,
                         Integer plateauPatience, Integer earlyStoppingPatience, List<String> augmentation,
                         Integer fineTuneEpochs, Integer timeBudgetSeconds, Double validationShare,
                         Map<String, String> labels) {

    /** A builder of a request for a model trained on a dataset, every other value not given. */
    public static Builder builder(String model, String dataset) {
        return new Builder(model, dataset);
    }

    /** The parameters asked for, defaults filled in. */
    public TrainingParameters parameters() {
        return TrainingParameters.builder()
                .setArchitecture(architecture == null || architecture.isBlank() ? TrainingDefaults.ARCHITECTURE
                        : architecture.trim())
                .optBaseModel(pinnedBaseModel())
                .setEpochs(epochs != null ? epochs
                        : timeBudgetSeconds != null ? ParameterRules.MAX_EPOCHS : TrainingDefaults.EPOCHS)
                .setBatchSize(batchSize == null ? TrainingDefaults.BATCH_SIZE : batchSize)
                .setLearningRate(learningRate == null ? TrainingDefaults.LEARNING_RATE
                        : learningRate.auto() ? 0 : learningRate.value())
                .optLearningRateAuto(learningRate != null && learningRate.auto() ? true : null)
                .optFineTuneLearningRate(fineTuneLearningRate)
                .setImageSize(imageSize == null ? TrainingDefaults.IMAGE_SIZE : imageSize)
                .setSeed(seed == null ? TrainingDefaults.SEED : seed)
                .optSchedule(schedule == null || schedule.isBlank() ? null : schedule.trim())
                .optWarmupEpochs(warmupEpochs)
                .optStepEpochs(stepEpochs)
                .optPlateauPatience(plateauPatience)
                .optEarlyStoppingPatience(earlyStoppingPatience)
                .optAugmentation(augmentation == null || augmentation.isEmpty() ? null : augmentation)
                .optFineTuneEpochs(fineTuneEpochs)
                .optTimeBudgetSeconds(timeBudgetSeconds)
                .optValidationShare(validationShare)
                .optLabels(labels)
                .build();
    }

    /** The base model with the requested pin appended; a pin without a base model is kept for the checks to refuse. */
    private String pinnedBaseModel() {
        String base = baseModel == null || baseModel.isBlank() ? null : baseModel.trim();
        if (baseModelSha256 == null || baseModelSha256.isBlank()) {
            return base;
        }
        return (base == null ? "" : base) + BackboneReference.PIN + baseModelSha256.trim();
    }

    /** Builds a request by name; a value not given stays null, as when a client leaves it out of the body. */
    public static final class Builder {
        private final String model;
        private final String dataset;
        private String datasetVersion;
        private String architecture;
        private String baseModel;
        private String baseModelSha256;
        private Integer epochs;
        private Integer batchSize;
        private RequestedLearningRate learningRate;
        private Double fineTuneLearningRate;
        private Integer imageSize;
        private Long seed;
        private String schedule;
        private Integer warmupEpochs;
        private Integer stepEpochs;
        private Integer plateauPatience;
        private Integer earlyStoppingPatience;
        private List<String> augmentation;
        private Integer fineTuneEpochs;
        private Integer timeBudgetSeconds;
        private Double validationShare;
        private Map<String, String> labels;

        private Builder(String model, String dataset) {
            this.model = model;
            this.dataset = dataset;
        }

        public Builder optDatasetVersion(String datasetVersion) {
            this.datasetVersion = datasetVersion;
            return this;
        }

        public Builder optArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder optBaseModel(String baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        public Builder optBaseModelSha256(String baseModelSha256) {
            this.baseModelSha256 = baseModelSha256;
            return this;
        }

        public Builder optEpochs(Integer epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optLearningRate(Double learningRate) {
            this.learningRate = learningRate == null ? null : RequestedLearningRate.of(learningRate);
            return this;
        }

        /** A range test chooses the rate (and the fine-tuning rate, unless given). */
        public Builder optLearningRateAuto() {
            this.learningRate = RequestedLearningRate.automatic();
            return this;
        }

        public Builder optFineTuneLearningRate(Double fineTuneLearningRate) {
            this.fineTuneLearningRate = fineTuneLearningRate;
            return this;
        }

        public Builder optImageSize(Integer imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public Builder optSeed(Long seed) {
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

        public Builder optLabels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public JobRequest build() {
            return new JobRequest(model, dataset, datasetVersion, architecture, baseModel, baseModelSha256, epochs, batchSize,
                    learningRate, fineTuneLearningRate, imageSize, seed, schedule, warmupEpochs, stepEpochs,
                    plateauPatience, earlyStoppingPatience, augmentation, fineTuneEpochs, timeBudgetSeconds,
                    validationShare, labels);
        }
    }
}
