package io.sightline.trainer.config;

import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.jobs.binding.BindingEvents;
import io.sightline.trainer.jobs.binding.RetrainBindings;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.history.JobHistory;
import io.sightline.trainer.jobs.history.JobSummaries;
import io.sightline.trainer.jobs.history.JobSummaryWriter;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Builds the job history (summaries in the store, the bounded table) and the API's retrain bindings. */
public class JobHistoryBeans {

    private static final Logger LOG = Logger.getLogger(JobHistoryBeans.class);

    @Produces
    @Singleton
    JobSummaries summaries(ArtifactStore store) {
        JobSummaries summaries = new JobSummaries(store);
        try {
            int indexed = summaries.rebuildIndex();
            if (indexed > 0) {
                LOG.infof("job history: %d finished job(s) summarised in the store", indexed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the job summaries in the store", e);
        }
        return summaries;
    }

    @Produces
    @Singleton
    JobHistory history(JobBoard board, JobSummaries summaries) {
        return new JobHistory(board, summaries);
    }

    @Produces
    @Singleton
    JobSummaryWriter summaryWriter(JobBoard board, JobSummaries summaries, TrainerConfig config) {
        return new JobSummaryWriter(board, summaries, config.jobs().keepInMemory()).start();
    }

    void closeSummaryWriter(@Disposes JobSummaryWriter writer) {
        writer.close();
    }

    @Produces
    @Singleton
    RetrainBindings bindings(ArtifactStore store, TrainingJobs jobs, BindingEvents events, Clock clock,
                             TrainerConfig config) {
        return new RetrainBindings(store, jobs.bindings(), events, clock, config.sendTimeout());
    }
}
