package io.sightline.trainer.jobs.cancel;

import io.sightline.events.TrainingCancelled;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.JobStateConflictException;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import java.io.IOException;
import java.time.Duration;

/**
 * Cancels a job on request. A queued job is cancelled at once, on every replica's board (through {@code
 * training.cancelled}), and a worker handed its request later drops it; a running job's worker, wherever it runs,
 * stops at its next batch and announces the cancel itself.
 */
public final class JobCancellation {

    /** What the caller is told. {@code status}: {@code CANCELLED}, or {@code CANCELLING} while the worker stops. */
    public record Answer(String jobId, String status) {
    }

    /** The status answered for a running job whose worker has yet to stop. */
    public static final String CANCELLING = "CANCELLING";

    private final JobBoard board;
    private final CancelRequests requests;
    private final TrainingEvents events;
    private final Duration sendTimeout;

    public JobCancellation(JobBoard board, CancelRequests requests, TrainingEvents events, Duration sendTimeout) {
        this.board = board;
        this.requests = requests;
        this.events = events;
        this.sendTimeout = sendTimeout;
    }

    /**
     * @throws UnknownResourceException  when no replica knows the job
     * @throws JobStateConflictException when the job has ended
     * @throws EventDeliveryException    when the cancel of a queued job could not be announced (it is recorded)
     */
    public Answer cancel(String jobId, String by) throws IOException {
        TrainingJob job = StoreKeys.isValidName(jobId) ? board.find(jobId).orElse(null) : null;
        if (job == null) {
            throw UnknownResourceException.job(jobId);
        }
        if (job.status().isFinal()) {
            throw new JobStateConflictException("job " + jobId + " is " + job.status()
                    + "; only a QUEUED or RUNNING job can be cancelled");
        }
        CancelRequest request = requests.request(jobId, by);
        if (job.status() == JobStatus.RUNNING) {
            return new Answer(jobId, CANCELLING);
        }
        TrainingCancelled cancelled = new TrainingCancelled(jobId, job.model(), request.requestedAt(), by, 0,
                request.reason(0));
        board.cancelled(cancelled);
        EventDeliveryException.await(events.cancelled(cancelled), sendTimeout, "cancel of job " + jobId);
        return new Answer(jobId, JobStatus.CANCELLED.name());
    }
}
