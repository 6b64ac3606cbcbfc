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
 * @param model           the DJL model holding the trained block
 * @param architecture    how to rebuild the block
 * @param signature       what the model takes and what its outputs mean
 * @param history         one entry per epoch
 * @param heldOutSplit    split the per-epoch held-out metrics came from ({@code val} or {@code test})
 * @param test            results on the test split
 * @param trainingMs      wall time of all epochs
 * @param evaluationMs    wall time of the test evaluation
 * @param imagesPerSecond training images processed per second (epochs × training images / training time)
 */
public record TrainedModel(Model model, ArchitectureSpec architecture, ImageSignature signature,
                           List<EpochMetrics> history, String heldOutSplit, Evaluation test, long trainingMs,
                           long evaluationMs, double imagesPerSecond) implements AutoCloseable {

    /** Writes the weights, architecture and signature into {@code dir} ({@link ModelArtifact} layout). */
    public void writeArtifact(Path dir) throws IOException {
        ModelArtifact.write(dir, model.getBlock(), architecture, signature);
    }

    @Override
    public void close() {
        model.close();
    }
}
