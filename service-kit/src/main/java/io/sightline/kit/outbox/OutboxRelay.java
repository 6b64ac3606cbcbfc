package io.sightline.kit.outbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs {@link Outbox#relay} at start and then periodically, on one daemon thread, until closed. */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final ScheduledExecutorService timer;

    private OutboxRelay(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static OutboxRelay start(Outbox outbox, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                Outbox.Relayed relayed = outbox.relay();
                if (relayed.sent() + relayed.failed() + relayed.abandoned() > 0) {
                    LOG.infof("outbox relay: %d sent again, %d still undelivered, %d waiting, %d dropped",
                            relayed.sent(), relayed.failed(), relayed.waiting(), relayed.abandoned());
                }
            } catch (Exception e) { // the next pass tries again; the timer must not die
                LOG.warnf("outbox relay pass failed: %s", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return new OutboxRelay(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
