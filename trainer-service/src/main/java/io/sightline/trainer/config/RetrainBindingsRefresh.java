package io.sightline.trainer.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sightline.trainer.jobs.binding.RetrainBindings;
import io.sightline.trainer.jobs.history.JobSummaryWriter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * At start, before the finished jobs are recovered: the summary writer listens to the job table, and the retrain
 * bindings set through the API are read from the store; then they are re-read every
 * {@code retrain-bindings-refresh}, in case an announcement of a change was missed.
 */
@ApplicationScoped
public class RetrainBindingsRefresh {

    private static final Logger LOG = Logger.getLogger(RetrainBindingsRefresh.class);

    private final RetrainBindings bindings;
    private final JobSummaryWriter summaryWriter;
    private final TrainerConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sightline-retrain-bindings-refresh");
        thread.setDaemon(true);
        return thread;
    });

    RetrainBindingsRefresh(RetrainBindings bindings, JobSummaryWriter summaryWriter, TrainerConfig config) {
        this.bindings = bindings;
        this.summaryWriter = summaryWriter;
        this.config = config;
    }

    // before TrainerStartup (default priority): its recovered jobs reach the summary writer
    void onStart(@Observes @Priority(100) StartupEvent event) {
        LOG.debugf("job summaries: writer %s", summaryWriter.isIdle() ? "idle" : "busy");
        refresh();
        long every = Math.max(1000, config.retrainBindingsRefresh().toMillis());
        timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    private void refresh() {
        try {
            int stored = bindings.reloadAll();
            if (stored > 0) {
                LOG.debugf("re-read %d retrain binding record(s) from the store", stored);
            }
        } catch (Exception e) { // the next round tries again
            LOG.warnf("could not re-read the retrain bindings from the store: %s", e.toString());
        }
    }
}
