package io.sightline.trainer.training;

/** Hears about every finished epoch while a model trains (progress events, job table, later: early stopping). */
@FunctionalInterface
public interface EpochListener {

    void onEpoch(EpochMetrics metrics);
}
