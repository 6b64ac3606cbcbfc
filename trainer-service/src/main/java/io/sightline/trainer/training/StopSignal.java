package io.sightline.trainer.training;

/**
 * Asked before every batch whether the run should stop (a cancelled job). It is called once per batch, so an
 * implementation that looks somewhere remote must throttle itself.
 */
@FunctionalInterface
public interface StopSignal {

    /** Never stops. */
    StopSignal NEVER = () -> false;

    boolean stopRequested();
}
