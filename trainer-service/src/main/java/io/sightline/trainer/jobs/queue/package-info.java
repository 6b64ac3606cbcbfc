/**
 * Asking for training: {@link io.sightline.trainer.jobs.queue.TrainingJobs} validates a {@link
 * io.sightline.trainer.jobs.queue.JobRequest} (or a retrain rule's parameters) against the {@link
 * io.sightline.trainer.jobs.queue.ParameterRules} and the dataset version, fills in the {@link
 * io.sightline.trainer.jobs.queue.TrainingDefaults} and queues the job; {@link
 * io.sightline.trainer.jobs.queue.RetrainDebounce} lets a burst of dataset splits train once.
 */
package io.sightline.trainer.jobs.queue;
