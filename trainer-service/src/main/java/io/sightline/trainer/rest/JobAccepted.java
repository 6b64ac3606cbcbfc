package io.sightline.trainer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sightline.trainer.jobs.board.JobStatus;

/**
 * The answer to a queued job.
 *
 * @param jobId          the job's id (also in the Location header)
 * @param status         QUEUED
 * @param model          model name
 * @param dataset        dataset name
 * @param datasetVersion the dataset version it will train on (the newest, when none was asked for)
 * @param architecture   the architecture it will train (the one asked for, else the one chosen)
 * @param architectureNote when no architecture was asked for and the dataset is small: transfer from the configured
 *                       pretrained base and why, or the warning that it trains from scratch (decision 102); else absent
 */
public record JobAccepted(String jobId, JobStatus status, String model, String dataset, String datasetVersion,
                          String architecture, @JsonInclude(JsonInclude.Include.NON_NULL) String architectureNote) {
}
