package io.sightline.events;

import java.time.Instant;

/**
 * A job was cancelled: dropped from the queue, or stopped at a batch boundary by its worker.
 *
 * @param jobId       job id (the record key)
 * @param model       model name
 * @param cancelledAt when it stopped
 * @param by          who asked
 * @param epoch       the last epoch it finished; 0 when it never ran
 * @param reason      for people
 */
public record TrainingCancelled(String jobId, String model, Instant cancelledAt, String by, int epoch,
                                String reason) {

    public static final String TYPE = EventTypes.TRAINING_CANCELLED;
}
