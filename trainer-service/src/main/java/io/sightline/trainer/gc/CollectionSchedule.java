package io.sightline.trainer.gc;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Runs the collection every {@code sightline.trainer.gc.every} ({@code off} disables it). The first run waits a few
 * minutes: the job table is rebuilt from the topics at start, and until then a running job would look unknown.
 */
@ApplicationScoped
class CollectionSchedule {

    private static final Logger LOG = Logger.getLogger(CollectionSchedule.class);

    private final TrainerCollection collection;

    CollectionSchedule(TrainerCollection collection) {
        this.collection = collection;
    }

    @Scheduled(identity = "trainer-gc", every = "${sightline.trainer.gc.every:6h}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void collect() {
        try {
            collection.run();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "the scheduled collection failed; the next run tries again");
        }
    }
}
