package io.sightline.events;

import java.time.Instant;

/**
 * A sweep ended: its winner was trained as the model and met the promotion gate, or it failed.
 *
 * @param sweepId       sweep id (the record key)
 * @param model         the model its winner was trained as
 * @param status        {@code COMPLETED} or {@code FAILED}
 * @param winnerTrial   index of the winning trial; null when it failed before one won
 * @param winnerJobId   the job that trained the winner as the model
 * @param winnerVersion the model version it produced
 * @param promoted      whether the gate made that version champion
 * @param budgetSpent   whether the budget cut the halving short
 * @param reason        why it failed
 * @param completedAt   when it ended
 */
public record SweepCompleted(String sweepId, String model, String status, Integer winnerTrial, String winnerJobId,
                             String winnerVersion, Boolean promoted, boolean budgetSpent, String reason,
                             Instant completedAt) {

    public static final String TYPE = EventTypes.SWEEP_COMPLETED;
}
