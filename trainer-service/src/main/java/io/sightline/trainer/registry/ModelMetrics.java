package io.sightline.trainer.registry;

import io.sightline.events.TrainingParameters;
import io.sightline.trainer.training.EpochMetrics;
import io.sightline.trainer.training.Evaluation;
import java.time.Instant;
import java.util.List;

/**
 * {@code metrics.json} of a model version: how it scored, how it was trained, on what, and how long it
 * took. Readers tolerate fields added later.
 *
 * @param model           model name
 * @param version         model version
 * @param architecture    architecture name
 * @param parameters      hyperparameters in effect, defaults resolved
 * @param lineage         job and dataset version it came from
 * @param images          images per split
 * @param test            results on the test split: accuracy, loss, per-class metrics, confusion matrix
 * @param heldOutSplit    split the per-epoch held-out metrics were computed on ({@code val}); null when there was
 *                        none (nothing was chosen; older versions may say {@code test})
 * @param history         per-epoch metrics
 * @param timings         wall time per stage
 * @param imagesPerSecond training throughput
 * @param startedAt       when the job started
 * @param completedAt     when the version was written
 * @param details         architecture, rationale, early stopping, resume, cache, environment (added later)
 * @param champion        the champion re-measured on this test split, when there was one (added later)
 */
public record ModelMetrics(
        String model,
        String version,
        String architecture,
        TrainingParameters parameters,
        Lineage lineage,
        ImageCounts images,
        Evaluation test,
        String heldOutSplit,
        List<EpochMetrics> history,
        StageTimings timings,
        double imagesPerSecond,
        Instant startedAt,
        Instant completedAt,
        TrainingDetails details,
        ChampionComparison champion) {

    /** Metrics without details or champion comparison (as the first versions wrote them). */
    public ModelMetrics(String model, String version, String architecture, TrainingParameters parameters,
                        Lineage lineage, ImageCounts images, Evaluation test, String heldOutSplit,
                        List<EpochMetrics> history, StageTimings timings, double imagesPerSecond, Instant startedAt,
                        Instant completedAt) {
        this(model, version, architecture, parameters, lineage, images, test, heldOutSplit, history, timings,
                imagesPerSecond, startedAt, completedAt, null, null);
    }
}
