package io.sightline.trainer.sweeps;

import java.time.Instant;
import java.util.List;

/**
 * A sweep as it stands, the document {@code sweeps/<id>.json}. Readers tolerate fields added later.
 *
 * @param id            sweep id
 * @param request       what was asked for
 * @param trialModel    the model name the trials publish under ({@code sweep-<id>}), never served
 * @param status        RUNNING, COMPLETED, FAILED or CANCELLED (kept, with its jobs cancelled)
 * @param rung          the rung running now
 * @param rungs         how many rungs the halving plans
 * @param createdAt     when it was asked for
 * @param finishedAt    when it ended
 * @param trials        every trial with its jobs
 * @param winner        index of the winning trial
 * @param winnerJobId   the job training the winner as the real model
 * @param winnerVersion the version of the real model that job produced
 * @param promoted      whether the gate made it champion
 * @param promotion     the gate's reason
 * @param budgetSpent   whether the budget cut the halving short
 * @param reason        why the sweep failed, or a note on how it ended
 * @param winnerQueuedAt when the winner's job was queued; null before, and in documents written before the field
 */
public record Sweep(String id, SweepRequest request, String trialModel, String status, int rung, int rungs,
                    Instant createdAt, Instant finishedAt, List<SweepTrial> trials, Integer winner,
                    String winnerJobId, String winnerVersion, Boolean promoted, String promotion,
                    boolean budgetSpent, String reason, Instant winnerQueuedAt) {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";

    boolean isRunning() {
        return RUNNING.equals(status);
    }

    Sweep withTrials(List<SweepTrial> next) {
        return new Sweep(id, request, trialModel, status, rung, rungs, createdAt, finishedAt, List.copyOf(next), winner,
                winnerJobId, winnerVersion, promoted, promotion, budgetSpent, reason, winnerQueuedAt);
    }

    Sweep withRung(int next, List<SweepTrial> nextTrials) {
        return new Sweep(id, request, trialModel, status, next, rungs, createdAt, finishedAt, List.copyOf(nextTrials),
                winner, winnerJobId, winnerVersion, promoted, promotion, budgetSpent, reason, winnerQueuedAt);
    }

    Sweep withWinner(int trial, String jobId, boolean cutByBudget, Instant at) {
        return new Sweep(id, request, trialModel, status, rung, rungs, createdAt, finishedAt, trials, trial, jobId,
                winnerVersion, promoted, promotion, cutByBudget, reason, at);
    }

    /** The time the winner's job counts as queued from (documents written before the field: the first look). */
    Sweep withWinnerQueuedAt(Instant at) {
        return new Sweep(id, request, trialModel, status, rung, rungs, createdAt, finishedAt, trials, winner,
                winnerJobId, winnerVersion, promoted, promotion, budgetSpent, reason, at);
    }

    Sweep finished(String endStatus, Instant at, String version, Boolean wasPromoted, String why, String note) {
        return new Sweep(id, request, trialModel, endStatus, rung, rungs, createdAt, at, trials, winner, winnerJobId,
                version, wasPromoted, why, budgetSpent, note, winnerQueuedAt);
    }
}
