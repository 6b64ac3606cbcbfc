/**
 * A job's lease in the store: {@link io.sightline.trainer.jobs.lease.JobLease} lets one worker at a time run a job
 * (a request handed to two workers, after a rebalance, runs once), {@link io.sightline.trainer.jobs.lease.HeldLease}
 * renews it while the job runs and guards its checkpoints, and a worker that stopped renewing loses it to the next.
 */
package io.sightline.trainer.jobs.lease;
