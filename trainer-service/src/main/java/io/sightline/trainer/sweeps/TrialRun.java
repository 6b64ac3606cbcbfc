package io.sightline.trainer.sweeps;

import io.sightline.trainer.jobs.board.JobStatus;
import java.time.Instant;
import java.util.List;

/**
 * One training job of a trial: its rung of the successive halving, and what it measured.
 *
 * @param rung               0 for the first, shortest rung
 * @param epochs             epochs it trains
 * @param jobId              its training job
 * @param status             the job's status as last seen ({@code QUEUED} while no replica has reported on it)
 * @param validationAccuracy best validation accuracy of its epochs; null before any, or without a validation split
 * @param validationCurve    validation accuracy per epoch (null entries for epochs without one)
 * @param modelVersion       the trial version it published
 * @param reason             why it failed
 * @param progressAt         when the job was last seen to change (queued, started, an epoch); null in documents
 *                           written before it, until the next look
 */
public record TrialRun(int rung, int epochs, String jobId, JobStatus status, Double validationAccuracy,
                       List<Double> validationCurve, String modelVersion, String reason, Instant progressAt) {

    static TrialRun queued(int rung, int epochs, String jobId, Instant at) {
        return new TrialRun(rung, epochs, jobId, JobStatus.QUEUED, null, List.of(), null, null, at);
    }

    /** The same run, ended as {@code status} for {@code why} (a silent job, a cancelled sweep). */
    TrialRun ended(JobStatus status, String why) {
        return new TrialRun(rung, epochs, jobId, status, validationAccuracy, validationCurve, modelVersion, why,
                progressAt);
    }

    boolean isFinal() {
        return status != null && status.isFinal();
    }

    /** The score a rung ranks by; a run without a validation result ranks below every run with one. */
    double score() {
        return status == JobStatus.COMPLETED && validationAccuracy != null ? validationAccuracy : -1;
    }
}
