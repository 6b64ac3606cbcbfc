package io.sightline.trainer.jobs.lease;

/**
 * This worker no longer holds the lease of the job it runs: another worker took it over (or may have), so this
 * one must stop touching the job, and above all must not publish. Unchecked so that it passes through the
 * training loop, which only sees it come out of a checkpoint save.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String jobId, String reason) {
        super("job " + jobId + ": lost its lease: " + reason);
    }
}
