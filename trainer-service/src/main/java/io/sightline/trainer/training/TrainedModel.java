package io.sightline.trainer.training;

import ai.djl.Model;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained network and what is known about it. Holds native memory: close it.
 *
 * @param model            the DJL model holding the trained block (the best epoch's weights)
 * @param architecture     how to rebuild the block
 * @param signature        what the model takes and what its outputs mean
 * @param history          one entry per epoch, including epochs run before a resume
 * @param heldOutSplit     split the per-epoch held-out metrics came from ({@code val}), null when none was
 * @param test             results on the test split
 * @param trainingMs       wall time of the epochs run by this attempt, held-out passes included
 * @param evaluationMs     wall time of the test evaluation
 * @param imagesPerSecond  training images per second over this attempt's training passes
 * @param bestEpoch        the epoch whose weights the model holds (most validation images right, lower loss breaking ties; the last without validation)
 * @param stoppedEarly     whether early stopping ended training before the planned epochs
 * @param resumedFromEpoch epochs taken over from a checkpoint (0: trained from the start)
 * @param warnings         what went wrong without stopping the run (an unusable checkpoint), for people
 * @param device           where it trained ({@code cpu()}, {@code gpu(0)})
 * @param validation       where the choices were made (the dataset's validation split, a slice of train, none)
 * @param budget           how a time budget was spent; null without one
 * @param learningRateSweep the range test that chose the learning rate; null when the rate was given
 */
public record TrainedModel(Model model, ArchitectureSpec architecture, ImageSignature signature,
                           List<EpochMetrics> history, String heldOutSplit, Evaluation test, long trainingMs,
                           long evaluationMs, double imagesPerSecond, int bestEpoch, boolean stoppedEarly,
                           int resumedFromEpoch, List<String> warnings, String device, ValidationSlice validation,
                           TimeBudget budget, LearningRateSweep learningRateSweep) implements AutoCloseable {

    /** The rate the first phase trained at: the range test's choice, else {@code spec}'s. */
    public double learningRate(TrainingSpec spec) {
        return learningRateSweep != null ? learningRateSweep.chosen() : spec.learningRate();
    }

    /** Writes the weights, architecture and signature into {@code dir} ({@link ModelArtifact} layout). */
    public void writeArtifact(Path dir) throws IOException {
        ModelArtifact.write(dir, model.getBlock(), architecture, signature);
    }

    @Override
    public void close() {
        model.close();
    }
}
