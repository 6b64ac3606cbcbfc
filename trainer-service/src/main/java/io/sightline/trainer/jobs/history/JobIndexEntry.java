package io.sightline.trainer.jobs.history;

import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import java.time.Instant;

/**
 * What the list needs of an archived job, kept in memory for every summary in the store, so that a page is ordered
 * and filtered without reading them.
 *
 * @param jobId       job id
 * @param model       model name
 * @param dataset     dataset name
 * @param status      its final status
 * @param requestedAt when it was asked for (the list's order)
 */
record JobIndexEntry(String jobId, String model, String dataset, JobStatus status, Instant requestedAt) {

    static JobIndexEntry of(TrainingJob job) {
        return new JobIndexEntry(job.jobId(), job.model(), job.dataset(), job.status(), job.requestedAt());
    }
}
