package io.sightline.trainer.sweeps;

import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import java.util.List;

/**
 * The values a sweep searches; a dimension left out keeps the training default (one value).
 *
 * @param learningRate rates, numbers or {@code "auto"}
 * @param batchSize    images per optimiser step
 * @param architecture {@code cnn}, {@code mobilenet_v2}, {@code resnet18}
 * @param augmentation augmentation sets, each a list such as {@code ["flip","crop"]} ({@code []}: none)
 */
public record SweepSpace(List<RequestedLearningRate> learningRate, List<Integer> batchSize, List<String> architecture,
                         List<List<String>> augmentation) {
}
