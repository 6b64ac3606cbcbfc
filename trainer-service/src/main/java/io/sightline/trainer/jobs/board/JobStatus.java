package io.sightline.trainer.jobs.board;

/** Where a job is in its life: {@code QUEUED → RUNNING → COMPLETED | FAILED}. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED;

    /** Whether the job has ended. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
