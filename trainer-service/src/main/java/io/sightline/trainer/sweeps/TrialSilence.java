package io.sightline.trainer.sweeps;

import io.sightline.events.TrainingParameters;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a sweep waits on a job that shows no sign of life before it records the job as failed and moves on: a
 * job no replica knows (lost, or deleted), or a running one that reports no epoch. A queued job the job table knows
 * is waiting its turn on the work queue and is not timed. Without this a lost outcome left a sweep waiting forever.
 *
 * @param fallback the bound for a job without a time budget of its own
 */
public record TrialSilence(Duration fallback) {

    /** Longer than an epoch of any job a sweep on a CPU trainer runs in practice; settable. */
    public static final Duration DEFAULT = Duration.ofHours(2);

    /**
     * Twice the job's own time budget when it has one (it stops itself at its budget; the rest leaves room for the
     * test evaluation and publishing), else {@link #fallback}.
     */
    Duration bound(TrainingParameters parameters) {
        if (parameters != null && parameters.timeBudgetSeconds() != null && parameters.timeBudgetSeconds() > 0) {
            return Duration.ofSeconds(2L * parameters.timeBudgetSeconds());
        }
        return fallback;
    }

    boolean overdue(Instant since, TrainingParameters parameters, Instant now) {
        return since != null && !now.isBefore(since.plus(bound(parameters)));
    }

    /** A bound as a person reads it. */
    static String shown(Duration bound) {
        long seconds = bound.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
