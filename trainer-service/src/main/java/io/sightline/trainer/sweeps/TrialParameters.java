package io.sightline.trainer.sweeps;

import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import java.util.List;

/** The searched values of one trial; null keeps the training default. */
public record TrialParameters(RequestedLearningRate learningRate, Integer batchSize, String architecture,
                              List<String> augmentation) {

    /** The values as a person reads them, defaults named. */
    String describe() {
        return "learningRate " + (learningRate == null ? "default" : learningRate.auto() ? "auto" : learningRate.value())
                + ", batchSize " + (batchSize == null ? "default" : batchSize)
                + ", architecture " + (architecture == null ? "default" : architecture)
                + ", augmentation " + (augmentation == null ? "default" : augmentation);
    }

    /** A job of {@code model} training these values for {@code epochs} under the sweep's common settings. */
    JobRequest job(String model, SweepRequest sweep, int epochs) {
        JobRequest.Builder builder = JobRequest.builder(model, sweep.dataset())
                .optDatasetVersion(sweep.datasetVersion()).optArchitecture(architecture).optBatchSize(batchSize)
                .optEpochs(epochs).optSeed(sweep.seed() == null ? SweepPlan.DEFAULT_SEED : sweep.seed())
                .optImageSize(sweep.imageSize()).optAugmentation(augmentation);
        if (learningRate != null && learningRate.auto()) {
            builder.optLearningRateAuto();
        } else if (learningRate != null) {
            builder.optLearningRate(learningRate.value());
        }
        return builder.build();
    }
}
