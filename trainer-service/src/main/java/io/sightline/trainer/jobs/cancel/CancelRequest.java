package io.sightline.trainer.jobs.cancel;

import java.time.Instant;

/**
 * A request to cancel a job, as stored at {@code jobs/cancel/<jobId>.json}.
 *
 * @param jobId       the job
 * @param requestedAt when it was asked for
 * @param by          who asked
 */
public record CancelRequest(String jobId, Instant requestedAt, String by) {

    /** The job's reason once cancelled, the same wherever it is said (the REST call or the worker). */
    public String reason(int epochsDone) {
        String who = by == null ? "request" : by;
        return epochsDone == 0 ? "cancelled by " + who + " before it trained an epoch"
                : "cancelled by " + who + " after epoch " + epochsDone;
    }
}
