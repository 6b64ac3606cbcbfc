/**
 * Jobs past the in-memory table: finished jobs' summaries in the store with a compact index of them in memory
 * ({@link io.sightline.trainer.jobs.history.JobSummaries}), the writer that stores them and bounds the table
 * ({@link io.sightline.trainer.jobs.history.JobSummaryWriter}), and the paginated, filtered list over both
 * ({@link io.sightline.trainer.jobs.history.JobHistory}).
 */
package io.sightline.trainer.jobs.history;
