package io.sightline.inference.routing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs {@link ObservationReporter} every report interval on a thread of its own. The replica id is the host name
 * plus a random suffix: a restarted pod keeps its name, but its counts start again, so it must not replace the
 * report of its previous life (those requests were answered too).
 */
@ApplicationScoped
public class ObservationSchedule {

    private static final Logger LOG = Logger.getLogger(ObservationSchedule.class);
    private static final long FASTEST_MS = 100;

    private final ObservationReporter reporter;
    private final long intervalMs;
    private ScheduledExecutorService timer;

    ObservationSchedule(TrafficRouter router, KafkaObservationSink sink, ObservationConfig config) {
        String host = System.getenv().getOrDefault("HOSTNAME", "inference").replaceAll("[^A-Za-z0-9._-]", "-");
        String replica = (host.isEmpty() ? "inference" : host.substring(0, Math.min(host.length(), 100))) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.reporter = new ObservationReporter(router, sink, replica, Clock.systemUTC());
        this.intervalMs = Math.max(FASTEST_MS, config.reportInterval().toMillis());
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sightline-traffic-reports");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                reporter.report();
            } catch (RuntimeException e) { // never let one failure end the reports
                LOG.warnf("traffic report failed: %s", e.toString());
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
