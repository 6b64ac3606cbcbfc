package io.sightline.trainer.rest;

/**
 * The answer to a queued sweep.
 *
 * @param sweepId  its id, for {@code GET /sweeps/{id}}
 * @param status   RUNNING
 * @param model    the model its winner is trained as
 * @param trials   how many trials it runs
 * @param rungs    how many rungs the successive halving plans
 */
public record SweepAccepted(String sweepId, String status, String model, int trials, int rungs) {
}
