package io.sightline.trainer.sweeps;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/** Moves running sweeps on every few seconds, on every replica (advancing is idempotent). */
@ApplicationScoped
class SweepSchedule {

    private final Sweeps sweeps;

    SweepSchedule(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Scheduled(identity = "trainer-sweeps", every = "${sightline.trainer.sweeps.every:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void advance() throws IOException {
        sweeps.advanceAll();
    }
}
