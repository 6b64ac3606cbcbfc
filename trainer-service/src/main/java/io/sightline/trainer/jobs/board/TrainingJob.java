package io.sightline.trainer.jobs.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sightline.events.TrainingFinding;
import io.sightline.events.TrainingParameters;
import io.sightline.trainer.training.EpochMetrics;
import java.time.Instant;
import java.util.List;

/**
 * A job as it stands.
 *
 * @param jobId          job id
 * @param model          model name
 * @param dataset        dataset name
 * @param datasetVersion dataset version
 * @param parameters     hyperparameters (defaults resolved once the job runs)
 * @param trigger        {@code api} or {@code retrain:<dataset>}
 * @param status         QUEUED, RUNNING, COMPLETED or FAILED
 * @param worker         host running or having run it
 * @param requestedAt    when it was asked for
 * @param startedAt      when training began
 * @param finishedAt     when it ended
 * @param epochs         metrics of every finished epoch
 * @param modelVersion   the version it produced
 * @param testAccuracy   that version's test accuracy
 * @param testLoss       that version's test loss
 * @param promoted       whether that version became champion
 * @param promotion      why it did or did not
 * @param reason         why the job failed
 * @param findings       what its curves say (decision 101): the run's own once it completed, else read from the
 *                       epochs so far (the chance-level rules need the class count and wait for the end)
 * @param architectureNote the request named no architecture and the trainer chose it for a small dataset: which, and
 *                       why (decision 102); null otherwise
 */
public record TrainingJob(String jobId, String model, String dataset, String datasetVersion,
                          TrainingParameters parameters, String trigger, JobStatus status, String worker,
                          Instant requestedAt, Instant startedAt, Instant finishedAt, List<EpochMetrics> epochs,
                          String modelVersion, Double testAccuracy, Double testLoss, Boolean promoted,
                          String promotion, String reason, List<TrainingFinding> findings,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String architectureNote) {

    /** A job whose architecture was not chosen for it (as summaries written before the note hold it). */
    public TrainingJob(String jobId, String model, String dataset, String datasetVersion,
                       TrainingParameters parameters, String trigger, JobStatus status, String worker,
                       Instant requestedAt, Instant startedAt, Instant finishedAt, List<EpochMetrics> epochs,
                       String modelVersion, Double testAccuracy, Double testLoss, Boolean promoted,
                       String promotion, String reason, List<TrainingFinding> findings) {
        this(jobId, model, dataset, datasetVersion, parameters, trigger, status, worker, requestedAt, startedAt,
                finishedAt, epochs, modelVersion, testAccuracy, testLoss, promoted, promotion, reason, findings, null);
    }

    /** A job without findings (as summaries written before them hold it). */
    public TrainingJob(String jobId, String model, String dataset, String datasetVersion,
                       TrainingParameters parameters, String trigger, JobStatus status, String worker,
                       Instant requestedAt, Instant startedAt, Instant finishedAt, List<EpochMetrics> epochs,
                       String modelVersion, Double testAccuracy, Double testLoss, Boolean promoted,
                       String promotion, String reason) {
        this(jobId, model, dataset, datasetVersion, parameters, trigger, status, worker, requestedAt, startedAt,
                finishedAt, epochs, modelVersion, testAccuracy, testLoss, promoted, promotion, reason, null, null);
    }
}
