package io.sightline.trainer.gc;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.lease.LeaseFiles;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Removes {@code checkpoints/<job>/} (the checkpoint and the lease files) of jobs finished longer ago than the grace,
 * and of jobs no replica knows whose lease last moved longer ago than that. Never a job that is queued or running,
 * nor one whose lease is held: a held lease means a worker trains it, whatever the board says.
 */
final class CheckpointCollection {

    private static final Logger LOG = Logger.getLogger(CheckpointCollection.class);
    static final String FOLDER = "checkpoints";
    private static final String CHECKPOINT = "checkpoint.bin";

    private final ArtifactStore store;
    private final JobBoard board;
    private final LeaseFiles leases;
    private final Clock clock;
    private final Duration grace;

    /** What was removed. */
    record Removed(int checkpoints, int leases, long bytes) {
    }

    CheckpointCollection(ArtifactStore store, JobBoard board, Clock clock, Duration grace) {
        this.store = store;
        this.board = board;
        this.leases = new LeaseFiles(store);
        this.clock = clock;
        this.grace = grace;
    }

    Removed run() throws IOException {
        Instant now = clock.instant();
        Instant before = now.minus(grace);
        int checkpoints = 0;
        int leaseFiles = 0;
        long bytes = 0;
        for (String jobId : store.list(FOLDER)) {
            if (!StoreKeys.isValidName(jobId)) {
                continue;
            }
            LeaseFiles.State lease = leases.state(jobId, now);
            if (lease.live() || !collectable(board.find(jobId), lease, before)) {
                continue;
            }
            String folder = StoreKeys.checkpoints(jobId);
            if (store.exists(folder + "/" + CHECKPOINT)) {
                bytes += store.delete(folder + "/" + CHECKPOINT);
                checkpoints++;
            }
            for (String key : lease.keys()) {
                bytes += store.delete(key);
                leaseFiles++;
            }
            bytes += store.delete(folder); // what else a foreign hand left there
            LOG.debugf("collected the checkpoint and %d lease files of job %s", lease.keys().size(), jobId);
        }
        return new Removed(checkpoints, leaseFiles, bytes);
    }

    private static boolean collectable(Optional<TrainingJob> known, LeaseFiles.State lease, Instant before) {
        if (known.isPresent()) {
            TrainingJob job = known.get();
            return job.status().isFinal() && job.finishedAt() != null && job.finishedAt().isBefore(before);
        }
        // unknown here (its events aged out of the topics): untouched since before the grace
        return lease.lastTouched() == null || lease.lastTouched().isBefore(before);
    }
}
