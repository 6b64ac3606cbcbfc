package io.sightline.events;

import java.time.Instant;

/**
 * A job ended without a model.
 *
 * @param jobId    job id (the record key)
 * @param model    model name
 * @param reason   what went wrong, for people
 * @param failedAt when it ended
 */
public record TrainingFailed(String jobId, String model, String reason, Instant failedAt) {

    public static final String TYPE = EventTypes.TRAINING_FAILED;
}
