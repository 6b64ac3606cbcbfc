package io.sightline.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one daemon thread of a process that refreshes its {@link WriterHold}s and {@link CollectorLock}: a refresh is
 * one small write, and a stuck store must not pile up threads.
 */
final class LeaseHeartbeat {

    private static final Logger LOG = Logger.getLogger(LeaseHeartbeat.class);
    private static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sightline-gc-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /** One refresh; failures are logged and tried again at the next beat. */
    @FunctionalInterface
    interface Refresh {
        void run() throws Exception;
    }

    private LeaseHeartbeat() {
    }

    /** Runs {@code task} once after {@code delay}. */
    static ScheduledFuture<?> after(Duration delay, String what, Refresh task) {
        return THREAD.schedule(() -> {
            try {
                task.run();
            } catch (Exception e) {
                LOG.warnf("cannot %s: %s", what, e);
            }
        }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code refresh} every {@code every} until the returned future is cancelled. */
    static ScheduledFuture<?> every(Duration every, String what, Refresh refresh) {
        long millis = Math.max(1, every.toMillis());
        return THREAD.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (Exception e) {
                LOG.warnf("cannot refresh %s: %s", what, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }
}
