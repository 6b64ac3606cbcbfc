/**
 * Running a queued job: {@link io.sightline.trainer.jobs.worker.TrainingWorker} runs it under its lease, {@link
 * io.sightline.trainer.jobs.worker.TrainingRun} trains it (dataset, network, images, checkpoints in the store),
 * {@link io.sightline.trainer.jobs.worker.VersionPublisher} publishes the model version (artefact, metrics,
 * curves, report), {@link io.sightline.trainer.jobs.worker.JobAnnouncements} tells the job table and the events,
 * and {@link io.sightline.trainer.jobs.worker.WorkerMeters} counts it.
 */
package io.sightline.trainer.jobs.worker;
