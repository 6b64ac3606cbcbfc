package io.sightline.trainer.jobs.board;

/** Where a job is in its life: {@code QUEUED → RUNNING → COMPLETED | FAILED}, or CANCELLED from the first two. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** Whether the job has ended. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
