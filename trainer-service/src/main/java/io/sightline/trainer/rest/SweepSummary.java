package io.sightline.trainer.rest;

import io.sightline.trainer.sweeps.Sweep;
import java.time.Instant;

/**
 * A sweep in the list of {@code GET /sweeps}; {@code GET /sweeps/{id}} has its trials.
 *
 * @param id            sweep id
 * @param model         the model its winner is trained as
 * @param dataset       dataset name
 * @param status        RUNNING, COMPLETED, FAILED or CANCELLED
 * @param rung          the rung running now, from 0
 * @param rungs         rungs planned
 * @param trials        trials planned
 * @param winner        index of the winning trial, once chosen
 * @param winnerVersion the model version the winner's training produced
 * @param promoted      whether it became champion
 * @param createdAt     when it was asked for
 * @param finishedAt    when it ended
 * @param reason        why it failed or how it ended
 */
public record SweepSummary(String id, String model, String dataset, String status, int rung, int rungs, int trials,
                           Integer winner, String winnerVersion, Boolean promoted, Instant createdAt,
                           Instant finishedAt, String reason) {

    static SweepSummary of(Sweep sweep) {
        return new SweepSummary(sweep.id(), sweep.request().model(), sweep.request().dataset(), sweep.status(),
                sweep.rung(), sweep.rungs(), sweep.trials().size(), sweep.winner(), sweep.winnerVersion(),
                sweep.promoted(), sweep.createdAt(), sweep.finishedAt(), sweep.reason());
    }
}
