package io.sightline.trainer.training;

import io.sightline.events.TrainingParameters;
import io.sightline.vision.ArchitectureSpec;

/**
 * The hyperparameters of one training run, every default resolved.
 *
 * @param architecture {@code cnn}, {@code mobilenet_v2} or {@code resnet18}
 * @param imageSize    square input side in pixels
 * @param epochs       passes over the training split
 * @param batchSize    images per optimiser step
 * @param learningRate Adam learning rate
 * @param seed         seed of initialisation, dropout and shuffling
 */
public record TrainingSpec(String architecture, int imageSize, int epochs, int batchSize, double learningRate,
                           long seed) {

    /** The spec of a job's parameters: image size 0 becomes the architecture's default. */
    public static TrainingSpec of(TrainingParameters parameters) {
        int imageSize = parameters.imageSize() > 0
                ? parameters.imageSize()
                : ArchitectureSpec.defaultImageSize(parameters.architecture());
        return new TrainingSpec(parameters.architecture(), imageSize, parameters.epochs(), parameters.batchSize(),
                parameters.learningRate(), parameters.seed());
    }

    /** The block description for RGB input and {@code classes} outputs. */
    public ArchitectureSpec architectureSpec(int classes) {
        return ArchitectureSpec.CNN.equals(architecture)
                ? ArchitectureSpec.cnn(imageSize, 3, classes)
                : ArchitectureSpec.zoo(architecture, imageSize, 3, classes);
    }
}
