/**
 * Training jobs from request to promoted model: {@link io.sightline.trainer.jobs.TrainingJobs} validates and
 * queues requests (from the API or a retrain binding), {@link io.sightline.trainer.jobs.TrainingWorker} runs
 * one (train, publish, promote), {@link io.sightline.trainer.jobs.JobBoard} keeps every job's state for
 * reading, and {@link io.sightline.trainer.jobs.TrainingEvents} is the port through which all of it is
 * announced; the messaging adapter implements it. {@link io.sightline.trainer.jobs.JobLease} keeps two
 * workers handed the same request from both running it.
 */
package io.sightline.trainer.jobs;
