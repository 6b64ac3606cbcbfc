package io.sightline.events;

import java.time.Instant;

/**
 * A worker took a training job.
 *
 * @param jobId          job id (the record key)
 * @param model          model name
 * @param dataset        dataset name
 * @param datasetVersion dataset version
 * @param parameters     the parameters in effect, defaults filled in
 * @param worker         which worker runs it (host name)
 * @param startedAt      when training began
 */
public record TrainingStarted(
        String jobId,
        String model,
        String dataset,
        String datasetVersion,
        TrainingParameters parameters,
        String worker,
        Instant startedAt) {

    public static final String TYPE = EventTypes.TRAINING_STARTED;
}
