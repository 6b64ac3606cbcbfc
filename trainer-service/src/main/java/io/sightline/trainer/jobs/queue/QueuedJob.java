package io.sightline.trainer.jobs.queue;

import io.sightline.trainer.jobs.board.TrainingJob;

/**
 * A job a request queued.
 *
 * @param job              the job as the job table holds it
 * @param architectureNote why its architecture was chosen, when the request named none and the dataset is small
 *                         (transfer from the configured base, or from scratch with a warning); else null
 */
public record QueuedJob(TrainingJob job, String architectureNote) {
}
