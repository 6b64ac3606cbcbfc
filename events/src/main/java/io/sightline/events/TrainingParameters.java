package io.sightline.events;

/**
 * What to train and how. Zero or null means "the trainer's default" for optional values.
 *
 * @param architecture         {@code cnn}, {@code mobilenet_v2}, {@code resnet18} or {@code transfer}
 * @param baseModel            for {@code transfer}: a registered model {@code name[:version]} or a TorchScript file/URL
 * @param epochs               passes over the training split
 * @param batchSize            images per optimiser step
 * @param learningRate         Adam learning rate of the (first) training phase
 * @param fineTuneLearningRate learning rate of the optional fine-tuning phase, or null for none
 * @param imageSize            square input side in pixels, or 0 for the architecture's default
 * @param seed                 seed of initialisation and shuffling
 */
public record TrainingParameters(
        String architecture,
        String baseModel,
        int epochs,
        int batchSize,
        double learningRate,
        Double fineTuneLearningRate,
        int imageSize,
        long seed) {
}
