package io.sightline.trainer.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.SweepCompleted;
import io.sightline.events.SweepStarted;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-trial grid sweep run in-process with real training on tiny 16 px data: its jobs go through the real queue
 * checks and the real worker, two rungs halve it, the winner is trained as the model and promoted, the trial
 * versions are never champion, and a second instance reading the same store sees and advances the same sweep.
 */
class SweepRunTest {

    @TempDir
    Path storeDir;

    @Test
    void aGridSweepHalvesRanksPromotesTheWinnerAndReportsFromTheStore() throws Exception {
        ArtifactStore store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(12, 4, 4), 3);
        RecordingEvents events = new RecordingEvents();
        JobBoard board = new JobBoard();
        PublishedModels registry = new PublishedModels(store);
        TrainingJobs jobs = TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setBoard(board).setEvents(events).setClock(Clock.systemUTC()).setSendTimeout(Duration.ofSeconds(5))
                .build();
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                .setModels(registry).setPromoter(promoter).setBoard(board).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("test-worker").setSendTimeout(Duration.ofSeconds(5)).build();
        Sweeps sweeps = sweeps(store, jobs, board, registry, events);

        SweepRequest request = new SweepRequest("swept", "shapes", null, "grid", null, 7L,
                new SweepSpace(List.of(RequestedLearningRate.of(0.01), RequestedLearningRate.of(0.0001)),
                        List.of(8), List.of("cnn"), List.of(List.of(), List.of("flip"))),
                2, 16, 3600);
        Sweep started = sweeps.start(request);
        assertThat(started.trials()).hasSize(4);
        assertThat(started.rungs()).isEqualTo(2);
        assertThat(events.of(SweepStarted.class)).singleElement()
                .satisfies(e -> assertThat(e.sweepId()).isEqualTo(started.id()));

        Set<String> ran = new HashSet<>();
        runQueued(worker, events, ran);
        // another replica, reading the same store, moves the sweep on from the first rung
        Sweeps other = sweeps(store, jobs, board, registry, events);
        Sweep afterFirstRung = other.advance(other.get(started.id()));
        assertThat(afterFirstRung.rung()).isEqualTo(1);
        List<SweepTrial> second = afterFirstRung.trials().stream().filter(t -> t.run(1) != null).toList();
        assertThat(second).hasSize(2).allSatisfy(t -> assertThat(t.run(1).epochs()).isEqualTo(2));
        assertThat(afterFirstRung.trials()).allSatisfy(t -> {
            assertThat(t.run(0).epochs()).isEqualTo(1);
            assertThat(t.run(0).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(t.run(0).validationAccuracy()).isNotNull();
        });
        double worstGoingOn = second.stream().mapToDouble(t -> t.run(0).score()).min().orElseThrow();
        assertThat(afterFirstRung.trials()).filteredOn(t -> t.run(1) == null)
                .allSatisfy(t -> assertThat(t.run(0).score()).isLessThanOrEqualTo(worstGoingOn));

        runQueued(worker, events, ran);
        Sweep winnerQueued = sweeps.advance(sweeps.get(started.id()));
        assertThat(winnerQueued.winnerJobId()).isNotNull();
        SweepTrial best = second.stream().map(t -> winnerQueued.trials().get(t.index()))
                .max((a, b) -> Double.compare(a.run(1).score(), b.run(1).score())).orElseThrow();
        assertThat(winnerQueued.winner()).isEqualTo(best.index());

        runQueued(worker, events, ran);
        Sweep done = sweeps.advance(sweeps.get(started.id()));
        assertThat(done.status()).isEqualTo(Sweep.COMPLETED);
        assertThat(done.promoted()).isTrue();
        TrainingJob winnerJob = board.find(done.winnerJobId()).orElseThrow();
        assertThat(winnerJob.model()).isEqualTo("swept");
        assertThat(winnerJob.trigger()).isEqualTo("sweep:" + done.id());
        assertThat(winnerJob.parameters().augmentation()).isEqualTo(
                best.parameters().augmentation().isEmpty() ? null : best.parameters().augmentation());
        assertThat(registry.champion("swept")).hasValueSatisfying(c -> assertThat(c.version())
                .isEqualTo(done.winnerVersion()));
        assertThat(registry.champion(done.trialModel())).isEmpty();
        assertThat(registry.versions(done.trialModel())).hasSize(6);
        assertThat(events.of(SweepCompleted.class)).singleElement()
                .satisfies(e -> assertThat(e.winnerVersion()).isEqualTo(done.winnerVersion()));

        String report = sweeps.report(done.id());
        assertThat(report).contains("class=\"trials\"", "class=\"winner\"", "class=\"sweep-curves\"");
        assertThat(report.split("<polyline", -1)).hasSize(5);

        // a new instance with an empty job table reads the whole state back from the store
        Sweeps restarted = sweeps(store, jobs, new JobBoard(), registry, new RecordingEvents());
        assertThat(restarted.get(done.id())).isEqualTo(done);
        restarted.advanceAll();
        assertThat(restarted.get(done.id())).isEqualTo(done);
    }

    private static Sweeps sweeps(ArtifactStore store, TrainingJobs jobs, JobBoard board, PublishedModels registry,
                                 RecordingEvents events) {
        return new Sweeps(new SweepStore(store), jobs, board, registry,
                new EventSweepAnnouncements(events, Duration.ofSeconds(5)), Clock.systemUTC());
    }

    /** Plays the work queue: every job queued and not yet run is trained by the worker, once. */
    private static void runQueued(TrainingWorker worker, RecordingEvents events, Set<String> ran) throws Exception {
        for (TrainingRequested request : new ArrayList<>(events.of(TrainingRequested.class))) {
            if (ran.add(request.jobId())) {
                assertThat(worker.run(request)).isEqualTo(JobOutcome.COMPLETED);
            }
        }
    }
}
