package io.sightline.trainer.jobs.attempts;

import java.time.Instant;

/**
 * One start of a job, as stored in {@code checkpoints/<job>/attempts/<n>.json}.
 *
 * @param worker     the worker that started it, for people reading the store
 * @param startedAt  when it started
 * @param epochsDone the last epoch this start finished (0 before the first), so a death can be placed
 * @param endedAt    when the run ended in any way the JVM lived through (completed, failed, cancelled, lease lost,
 *                   an event not delivered); null while running, and forever when the worker died
 * @param outcome    how it ended, for people; null while running
 */
record AttemptRecord(String worker, Instant startedAt, int epochsDone, Instant endedAt, String outcome) {

    AttemptRecord withEpochsDone(int epochs) {
        return new AttemptRecord(worker, startedAt, epochs, endedAt, outcome);
    }

    AttemptRecord endedAt(Instant at, String how) {
        return new AttemptRecord(worker, startedAt, epochsDone, at, how);
    }

    boolean ended() {
        return endedAt != null;
    }
}
