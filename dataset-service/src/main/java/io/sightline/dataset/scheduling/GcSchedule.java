package io.sightline.dataset.scheduling;

import io.quarkus.scheduler.Scheduled;
import io.sightline.dataset.DatasetGc;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Runs {@link DatasetGc} every {@code sightline.dataset.gc.every} ({@code off}: never). The first run waits a few
 * minutes, so that a replica's start is not also a collection; a run still going when the next is due is skipped.
 */
@ApplicationScoped
class GcSchedule {

    private static final Logger LOG = Logger.getLogger(GcSchedule.class);

    private final DatasetGc gc;

    GcSchedule(DatasetGc gc) {
        this.gc = gc;
    }

    @Scheduled(identity = "dataset-gc", every = "${sightline.dataset.gc.every:6h}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void collect() {
        try {
            gc.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("the scheduled garbage collection failed; the next runs at its time", e);
        }
    }
}
