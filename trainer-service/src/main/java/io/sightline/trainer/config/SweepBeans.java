package io.sightline.trainer.config;

import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.jobs.cancel.JobCancellation;
import io.sightline.trainer.sweeps.EventSweepAnnouncements;
import io.sightline.trainer.sweeps.SweepCancellation;
import io.sightline.trainer.sweeps.SweepStore;
import io.sightline.trainer.sweeps.Sweeps;
import io.sightline.trainer.sweeps.TrialSilence;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires sweeps (decision 106) to the job queue, the job table and the store. */
public class SweepBeans {

    @Produces
    @Singleton
    Sweeps sweeps(ArtifactStore store, TrainingJobs jobs, JobBoard board, PublishedModels registry,
                  TrainingEvents events, Clock clock, TrainerConfig config) {
        return new Sweeps(new SweepStore(store), jobs, board, registry,
                new EventSweepAnnouncements(events, config.sendTimeout()), clock,
                new TrialSilence(config.sweeps().trialSilence()));
    }

    @Produces
    @Singleton
    SweepCancellation sweepCancellation(Sweeps sweeps, ArtifactStore store, JobCancellation cancellation,
                                        TrainingEvents events, Clock clock, TrainerConfig config) {
        return new SweepCancellation(sweeps, new SweepStore(store), cancellation,
                new EventSweepAnnouncements(events, config.sendTimeout()), clock);
    }
}
