package io.sightline.trainer.config;

import io.quarkus.runtime.StartupEvent;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;

/** At start: list the retrain bindings in force and rebuild the table of finished jobs from the store. */
@ApplicationScoped
public class TrainerStartup {

    private static final Logger LOG = Logger.getLogger(TrainerStartup.class);

    private final TrainingJobs jobs;

    TrainerStartup(TrainingJobs jobs) {
        this.jobs = jobs;
    }

    void onStart(@Observes StartupEvent event) {
        jobs.retrainRules().values().forEach(rule -> LOG.infof("retrain binding: dataset %s -> model %s (%s)",
                rule.dataset(), rule.model(), rule.parameters()));
        try {
            int recovered = jobs.recoverFinishedJobs();
            if (recovered > 0) {
                LOG.infof("recovered %d finished job(s) from the store", recovered);
            }
        } catch (IOException e) {
            LOG.warnf("could not list finished jobs in the store: %s", e.toString());
        }
    }
}
