/**
 * Training with DJL, free of any framework: {@link io.sightline.trainer.training.TrainingImages} decodes a
 * dataset version's images once into memory, {@link io.sightline.trainer.training.ImageClassifierTrainer}
 * trains a block on them (the epochs in {@code EpochLoop}, batches put together by {@code BatchAssembly}, the
 * validation state in {@code ValidationProgress}, the time budget in {@code EpochPlan}, checkpoints through
 * {@code CheckpointCodec}, the learning-rate range test of {@code learningRate: auto} in {@code LearningRateFinder}) and {@link io.sightline.trainer.training.SplitEvaluator} measures it on a split, and
 * the result is a {@link io.sightline.trainer.training.TrainedModel} that can write itself as a model artefact.
 */
package io.sightline.trainer.training;
