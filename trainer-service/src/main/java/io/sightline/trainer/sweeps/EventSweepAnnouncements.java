package io.sightline.trainer.sweeps;

import io.sightline.events.SweepCompleted;
import io.sightline.events.SweepStarted;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.TrainingEvents;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Tells a sweep's start and end on the training events topic. The sweep document is the record; these events are
 * news, so a failed send is logged rather than failing the sweep.
 */
public final class EventSweepAnnouncements implements SweepAnnouncements {

    private static final Logger LOG = Logger.getLogger(EventSweepAnnouncements.class);

    private final TrainingEvents events;
    private final Duration sendTimeout;

    public EventSweepAnnouncements(TrainingEvents events, Duration sendTimeout) {
        this.events = events;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void started(Sweep sweep) {
        SweepRequest request = sweep.request();
        send(() -> EventDeliveryException.await(events.sweepStarted(new SweepStarted(sweep.id(), request.model(),
                request.dataset(), request.search(), sweep.trials().size(), sweep.rungs(), sweep.createdAt())),
                sendTimeout, "start of sweep " + sweep.id()));
    }

    @Override
    public void completed(Sweep sweep) {
        send(() -> EventDeliveryException.await(events.sweepCompleted(new SweepCompleted(sweep.id(),
                sweep.request().model(), sweep.status(), sweep.winner(), sweep.winnerJobId(), sweep.winnerVersion(),
                sweep.promoted(), sweep.budgetSpent(), sweep.reason(), sweep.finishedAt())),
                sendTimeout, "end of sweep " + sweep.id()));
    }

    private static void send(Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            LOG.warnf("sweep event not delivered: %s", e.getMessage());
        }
    }
}
