package io.sightline.trainer.jobs;

import io.sightline.events.TrainingParameters;

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
 * @param batchSize            images per optimiser step
 * @param learningRate         Adam learning rate
 * @param fineTuneLearningRate learning rate of a fine-tuning phase
 * @param imageSize            square input side, 0 for the architecture's default
 * @param seed                 seed of initialisation and shuffling
 */
public record JobRequest(String model, String dataset, String datasetVersion, String architecture, String baseModel,
                         Integer epochs, Integer batchSize, Double learningRate, Double fineTuneLearningRate,
                         Integer imageSize, Long seed) {

    /** The parameters asked for, defaults filled in. */
    public TrainingParameters parameters() {
        return new TrainingParameters(
                architecture == null || architecture.isBlank() ? TrainingDefaults.ARCHITECTURE : architecture.trim(),
                baseModel == null || baseModel.isBlank() ? null : baseModel.trim(),
                epochs == null ? TrainingDefaults.EPOCHS : epochs,
                batchSize == null ? TrainingDefaults.BATCH_SIZE : batchSize,
                learningRate == null ? TrainingDefaults.LEARNING_RATE : learningRate,
                fineTuneLearningRate,
                imageSize == null ? TrainingDefaults.IMAGE_SIZE : imageSize,
                seed == null ? TrainingDefaults.SEED : seed);
    }
}
