package io.sightline.events;

import java.time.Instant;

/**
 * A hyperparameter sweep was accepted and its first rung of trials queued (decision 106).
 *
 * @param sweepId   sweep id (the record key)
 * @param model     the model its winner is trained as
 * @param dataset   dataset name
 * @param search    {@code grid} or {@code random}
 * @param trials    how many trials
 * @param rungs     rungs the successive halving plans
 * @param startedAt when it was accepted
 */
public record SweepStarted(String sweepId, String model, String dataset, String search, int trials, int rungs,
                           Instant startedAt) {

    public static final String TYPE = EventTypes.SWEEP_STARTED;
}
