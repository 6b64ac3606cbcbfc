package io.sightline.trainer.sweeps;

import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.JobStateConflictException;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.cancel.JobCancellation;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Cancels a running sweep: each of its unfinished jobs (trials of the current rung, the winner's training) through the
 * job-cancel path of {@code DELETE /training-jobs/{id}}, then the document is kept, marked {@code CANCELLED}, so its
 * trials and report stay readable and no replica advances it again.
 */
public final class SweepCancellation {

    private static final Logger LOG = Logger.getLogger(SweepCancellation.class);

    private final Sweeps sweeps;
    private final SweepStore store;
    private final JobCancellation jobs;
    private final SweepAnnouncements announcements;
    private final Clock clock;

    public SweepCancellation(Sweeps sweeps, SweepStore store, JobCancellation jobs, SweepAnnouncements announcements,
                             Clock clock) {
        this.sweeps = sweeps;
        this.store = store;
        this.jobs = jobs;
        this.announcements = announcements;
        this.clock = clock;
    }

    /**
     * @throws UnknownResourceException  when there is no such sweep
     * @throws JobStateConflictException when it has already ended (completed, failed or cancelled)
     */
    public Sweep cancel(String id, String by) throws IOException {
        Sweep sweep = sweeps.get(id);
        if (!sweep.isRunning()) {
            throw new JobStateConflictException("sweep " + id + " is " + sweep.status()
                    + "; only a RUNNING sweep can be cancelled");
        }
        String why = "cancelled by " + by;
        List<SweepTrial> trials = new ArrayList<>();
        int cancelled = 0;
        for (SweepTrial trial : sweep.trials()) {
            TrialRun last = trial.last();
            if (last != null && !last.isFinal() && cancelJob(last.jobId(), by)) {
                cancelled++;
            }
            trials.add(last == null || last.isFinal() ? trial : trial.withRun(last.ended(JobStatus.CANCELLED, why)));
        }
        if (sweep.winnerJobId() != null && cancelJob(sweep.winnerJobId(), by)) {
            cancelled++;
        }
        Sweep ended = sweep.withTrials(trials).finished(Sweep.CANCELLED, clock.instant(), null, null, null,
                why + " (" + cancelled + " unfinished job" + (cancelled == 1 ? "" : "s") + " cancelled)");
        store.write(ended);
        announcements.completed(ended);
        LOG.infof("sweep %s %s", id, ended.reason());
        return ended;
    }

    /** Whether the job was stopped by this call; one that ended meanwhile or no replica knows is left. */
    private boolean cancelJob(String jobId, String by) throws IOException {
        try {
            jobs.cancel(jobId, by);
            return true;
        } catch (UnknownResourceException | JobStateConflictException e) {
            return false;
        }
    }
}
