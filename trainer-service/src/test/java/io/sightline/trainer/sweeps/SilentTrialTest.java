package io.sightline.trainer.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.EpochMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial whose outcome is never seen (its job silent while running, or gone from every replica) is recorded as
 * failed with the reason once the bound has passed, and the sweep moves on instead of waiting forever.
 */
class SilentTrialTest {

    @TempDir
    Path storeDir;

    ArtifactStore store;
    RecordingEvents events;
    TestClock clock;

    @BeforeEach
    void publish() throws Exception {
        store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(12, 4, 4), 3);
        events = new RecordingEvents();
        clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aRunningTrialThatReportsNoEpochWithinTheBoundFailsAndTheWinnerIsStillChosen() throws Exception {
        JobBoard board = new JobBoard();
        Sweeps sweeps = sweeps(board, board);
        Sweep sweep = sweeps.start(request());
        String done = sweep.trials().get(0).last().jobId();
        String silent = sweep.trials().get(1).last().jobId();
        TrainingJob queued = board.find(done).orElseThrow();
        board.started(new TrainingStarted(done, queued.model(), "shapes", "1", queued.parameters(), "w", clock.instant()),
                queued.trigger());
        board.epoch(done, queued.model(), new EpochMetrics(1, 1, 1.0, 0.5, 1.0, 0.6, 0.01, 10));
        board.completed(new TrainingCompleted(done, queued.model(), "1", "shapes", "1", 0.6, 1.0, "k", 10,
                clock.instant()));
        board.started(new TrainingStarted(silent, queued.model(), "shapes", "1", queued.parameters(), "w",
                clock.instant()), queued.trigger());

        sweep = sweeps.advance(sweeps.get(sweep.id()));
        assertThat(sweep.trials().get(1).last().status()).isEqualTo(JobStatus.RUNNING);
        clock.advance(Duration.ofMinutes(59));
        sweep = sweeps.advance(sweeps.get(sweep.id()));
        assertThat(sweep.winnerJobId()).isNull(); // still within the bound: waiting

        clock.advance(Duration.ofMinutes(2));
        sweep = sweeps.advance(sweeps.get(sweep.id()));
        TrialRun failed = sweep.trials().get(1).last();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.reason()).isEqualTo("job " + silent + " reported no epoch for 1 h: counted as failed");
        assertThat(sweep.winner()).isZero();
        assertThat(sweep.winnerJobId()).isNotNull();
        assertThat(sweeps.get(sweep.id())).isEqualTo(sweep);
    }

    @Test
    void trialsNoReplicaKnowsFailAsGoneAndTheSweepEndsWithTheReason() throws Exception {
        // the jobs are queued, but this replica's job table never hears of them (lost, or deleted)
        Sweeps sweeps = sweeps(new JobBoard(), new JobBoard());
        Sweep sweep = sweeps.start(request());

        clock.advance(Duration.ofMinutes(30));
        assertThat(sweeps.advance(sweeps.get(sweep.id())).isRunning()).isTrue();
        clock.advance(Duration.ofMinutes(31));
        Sweep ended = sweeps.advance(sweeps.get(sweep.id()));

        assertThat(ended.trials()).allSatisfy(t -> {
            assertThat(t.last().status()).isEqualTo(JobStatus.FAILED);
            assertThat(t.last().reason()).contains("no replica has known job", "for 1 h", "it is gone");
        });
        assertThat(ended.status()).isEqualTo(Sweep.FAILED);
        assertThat(ended.reason()).contains("no trial of rung 0 completed");
    }

    private Sweeps sweeps(JobBoard queueBoard, JobBoard sweepBoard) {
        TrainingJobs jobs = TrainingJobs.builder().setDatasets(new PublishedDatasets(store))
                .setModels(new PublishedModels(store)).setBoard(queueBoard).setEvents(events).setClock(clock)
                .setSendTimeout(Duration.ofSeconds(5)).build();
        return new Sweeps(new SweepStore(store), jobs, sweepBoard, new PublishedModels(store), SweepAnnouncements.NONE,
                clock, new TrialSilence(Duration.ofHours(1)));
    }

    private static SweepRequest request() {
        return new SweepRequest("swept", "shapes", null, "grid", null, 7L,
                new SweepSpace(List.of(RequestedLearningRate.of(0.01), RequestedLearningRate.of(0.001)), List.of(8),
                        null, null), 1, 16, null);
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
