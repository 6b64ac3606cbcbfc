/**
 * Training jobs from request to promoted model, in packages by concept: {@link io.sightline.trainer.jobs.queue}
 * asks for training, {@link io.sightline.trainer.jobs.worker} runs a job, {@link io.sightline.trainer.jobs.lease}
 * keeps two workers from running the same one, {@link io.sightline.trainer.jobs.board} keeps every job's state for
 * reading, and {@link io.sightline.trainer.jobs.backbone} turns a base model into a network. This package holds what
 * they share: {@link io.sightline.trainer.jobs.TrainingEvents}, the port through which all of it is announced (the
 * messaging adapter implements it), the {@link io.sightline.trainer.jobs.Promoter} that makes a version champion,
 * a job's {@link io.sightline.trainer.jobs.JobOutcome}, and the two exceptions the REST layer maps.
 */
package io.sightline.trainer.jobs;
