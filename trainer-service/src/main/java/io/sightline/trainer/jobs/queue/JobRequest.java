package io.sightline.trainer.jobs;

import io.sightline.events.TrainingParameters;
import java.util.List;

/**
 * A training job as someone asked for it; null means "not given" and gets the {@link TrainingDefaults}
 * (or, for the dataset version, the newest one).
 *
 * @param model                model name to register the result under (required)
 * @param dataset              dataset name (required)
 * @param datasetVersion       dataset version, or null for the newest published one
 * @param architecture         {@code cnn}, {@code mobilenet_v2} or {@code resnet18}
 * @param baseModel            base model of transfer learning
 * @param epochs               passes over the training split
 * @param batchSize            images per optimiser step (default: sized to the training split, 16 to 128)
 * @param learningRate         Adam learning rate
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
 */
public record JobRequest(String model, String dataset, String datasetVersion, String architecture, String baseModel,
                         Integer epochs, Integer batchSize, Double learningRate, Double fineTuneLearningRate,
                         Integer imageSize, Long seed, String schedule, Integer warmupEpochs, Integer stepEpochs,
                         Integer plateauPatience, Integer earlyStoppingPatience, List<String> augmentation,
                         Integer fineTuneEpochs, Integer timeBudgetSeconds, Double validationShare) {

    /** A request without a time budget or validation share. */
    public JobRequest(String model, String dataset, String datasetVersion, String architecture, String baseModel,
                      Integer epochs, Integer batchSize, Double learningRate, Double fineTuneLearningRate,
                      Integer imageSize, Long seed, String schedule, Integer warmupEpochs, Integer stepEpochs,
                      Integer plateauPatience, Integer earlyStoppingPatience, List<String> augmentation,
                      Integer fineTuneEpochs) {
        this(model, dataset, datasetVersion, architecture, baseModel, epochs, batchSize, learningRate,
                fineTuneLearningRate, imageSize, seed, schedule, warmupEpochs, stepEpochs, plateauPatience,
                earlyStoppingPatience, augmentation, fineTuneEpochs, null, null);
    }

    /** A request without schedule, early stopping, augmentation or fine-tuning epochs. */
    public JobRequest(String model, String dataset, String datasetVersion, String architecture, String baseModel,
                      Integer epochs, Integer batchSize, Double learningRate, Double fineTuneLearningRate,
                      Integer imageSize, Long seed) {
        this(model, dataset, datasetVersion, architecture, baseModel, epochs, batchSize, learningRate,
                fineTuneLearningRate, imageSize, seed, null, null, null, null, null, null, null);
    }

    /** The parameters asked for, defaults filled in. */
    public TrainingParameters parameters() {
        return new TrainingParameters(
                architecture == null || architecture.isBlank() ? TrainingDefaults.ARCHITECTURE : architecture.trim(),
                baseModel == null || baseModel.isBlank() ? null : baseModel.trim(),
                epochs != null ? epochs : timeBudgetSeconds != null ? ParameterRules.MAX_EPOCHS : TrainingDefaults.EPOCHS,
                batchSize == null ? TrainingDefaults.BATCH_SIZE : batchSize,
                learningRate == null ? TrainingDefaults.LEARNING_RATE : learningRate,
                fineTuneLearningRate,
                imageSize == null ? TrainingDefaults.IMAGE_SIZE : imageSize,
                seed == null ? TrainingDefaults.SEED : seed,
                schedule == null || schedule.isBlank() ? null : schedule.trim(), warmupEpochs, stepEpochs,
                plateauPatience, earlyStoppingPatience, augmentation == null || augmentation.isEmpty() ? null
                        : augmentation, fineTuneEpochs, timeBudgetSeconds, validationShare);
    }
}
