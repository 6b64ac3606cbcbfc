package io.sightline.trainer.jobs;

/** What a worker did with a request. */
public enum JobOutcome {
    /** Trained and published a model version. */
    COMPLETED,
    /** Ended without a model, for a reason announced in a {@code TrainingFailed} event. */
    FAILED,
    /** Stopped, or dropped before it ran, because it was cancelled; announced in a {@code TrainingCancelled} event. */
    CANCELLED,
    /** Did nothing: the job already produced a version or is running. */
    SKIPPED
}
