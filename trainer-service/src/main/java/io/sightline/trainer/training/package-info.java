/**
 * Training with DJL, free of any framework: {@link io.sightline.trainer.training.TrainingImages} decodes a
 * dataset version's images once into memory, {@link io.sightline.trainer.training.ImageClassifierTrainer}
 * trains a block on them epoch by epoch and evaluates it on the test split, and the result is a {@link
 * io.sightline.trainer.training.TrainedModel} that can write itself as a model artefact.
 */
package io.sightline.trainer.training;
