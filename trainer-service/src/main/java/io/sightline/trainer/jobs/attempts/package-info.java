/**
 * Each start of a job, recorded in the store ({@link io.sightline.trainer.jobs.attempts.JobAttempts}): a start
 * that never recorded its end is a worker that died with the job, and a job that killed its workers too often is
 * failed instead of handed to the next one (decision 095).
 */
package io.sightline.trainer.jobs.attempts;
