package io.sightline.trainer.rest;

import io.sightline.trainer.jobs.board.JobStatus;

/**
 * The answer to a queued job.
 *
 * @param jobId          the job's id (also in the Location header)
 * @param status         QUEUED
 * @param model          model name
 * @param dataset        dataset name
 * @param datasetVersion the dataset version it will train on (the newest, when none was asked for)
 */
public record JobAccepted(String jobId, JobStatus status, String model, String dataset, String datasetVersion) {
}
