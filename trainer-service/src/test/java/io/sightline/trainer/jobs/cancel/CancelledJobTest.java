package io.sightline.trainer.jobs.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.JobStateConflictException;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.lease.JobLease;
import io.sightline.trainer.jobs.lease.LeaseFiles;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancels with real training on tiny data: a running job stops at a batch, a queued one is dropped. */
class CancelledJobTest {

    @TempDir
    static Path storeDir;

    static ArtifactStore store;

    RecordingEvents events;
    JobBoard board;
    PublishedModels registry;
    SimpleMeterRegistry meters;

    @BeforeAll
    static void dataset() throws Exception {
        store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(16, 4, 6), 1);
    }

    @BeforeEach
    void freshWorld() {
        events = new RecordingEvents();
        board = new JobBoard();
        registry = new PublishedModels(store);
        meters = new SimpleMeterRegistry();
    }

    private TrainingWorker worker(CancelRequests cancels) {
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(board).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(meters).setClock(Clock.systemUTC()).setWorkerName("test-worker")
                .setSendTimeout(Duration.ofSeconds(5)).optCancelRequests(cancels).build();
    }

    /** Far more epochs than the test waits for: only a cancel ends it in time. */
    private static TrainingRequested longJob(String model) {
        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("cnn").setEpochs(1000)
                .setBatchSize(4).setLearningRate(0.002).setImageSize(16).setSeed(42).build();
        return new TrainingRequested(UUID.randomUUID().toString(), model, "shapes", "1", parameters, "api",
                Instant.now());
    }

    @Test
    void aRunningJobCancelledOnAnotherReplicaStopsReleasesItsLeaseAndPublishesNothing() throws Exception {
        TrainingRequested request = longJob("cancel-elsewhere");
        TrainingWorker worker = worker(new CancelRequests(store, Clock.systemUTC()));
        board.queued(request);
        CompletableFuture<JobOutcome> run = CompletableFuture.supplyAsync(() -> worker.run(request));
        await().atMost(Duration.ofMinutes(1)).until(() -> !events.of(TrainingEpoch.class).isEmpty());

        // another replica's REST call: only the store mark reaches this worker, which polls it every 2 s
        new CancelRequests(store, Clock.systemUTC()).request(request.jobId(), "someone-else");
        JobOutcome outcome = run.get(30, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(JobOutcome.CANCELLED);
        TrainingCancelled cancelled = events.of(TrainingCancelled.class).get(0);
        assertThat(cancelled.by()).isEqualTo("someone-else");
        assertThat(cancelled.epoch()).isBetween(1, events.of(TrainingEpoch.class).size());
        assertThat(cancelled.epoch()).isLessThan(1000);
        assertThat(events.of(TrainingCompleted.class)).isEmpty();
        assertThat(events.of(TrainingFailed.class)).isEmpty();
        assertThat(registry.versions("cancel-elsewhere")).isEmpty();
        assertThat(board.find(request.jobId()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        LeaseFiles.State lease = new LeaseFiles(store).state(request.jobId(), Instant.now());
        assertThat(lease.keys()).hasSize(1);
        assertThat(lease.live()).as("lease released").isFalse();
        try (var next = new JobLease(store, "next", Duration.ofSeconds(5), Clock.systemUTC())
                .tryAcquire(request.jobId()).orElseThrow()) {
            assertThat(next.generation()).isEqualTo(2);
        }
        assertThat(meters.get("sightline.trainer.jobs").tag("outcome", "cancelled").counter().count()).isEqualTo(1);

        // a cancelled job never runs again on the board
        board.started(new TrainingStarted(request.jobId(), request.model(), "shapes", "1", request.parameters(), "w",
                Instant.now()), "api");
        assertThat(board.find(request.jobId()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aRunningJobCancelledInThisJvmStopsAtOnceWithoutWaitingForThePoll() throws Exception {
        CancelRequests shared = new CancelRequests(store, Clock.systemUTC(), Duration.ofHours(1));
        TrainingRequested request = longJob("cancel-here");
        TrainingWorker worker = worker(shared);
        CompletableFuture<JobOutcome> run = CompletableFuture.supplyAsync(() -> worker.run(request));
        await().atMost(Duration.ofMinutes(1)).until(() -> !events.of(TrainingEpoch.class).isEmpty());
        JobCancellation cancellation = new JobCancellation(board, shared, events, Duration.ofSeconds(5));

        assertThat(cancellation.cancel(request.jobId(), "tester").status()).isEqualTo("CANCELLING");

        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(JobOutcome.CANCELLED);
        assertThat(events.of(TrainingCancelled.class)).singleElement()
                .satisfies(c -> assertThat(c.reason()).startsWith("cancelled by tester after epoch"));
        assertThat(registry.versions("cancel-here")).isEmpty();
        assertThatThrownBy(() -> cancellation.cancel(request.jobId(), "tester"))
                .isInstanceOf(JobStateConflictException.class).hasMessageContaining("is CANCELLED");
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndItsRequestDroppedWhenAWorkerGetsIt() throws Exception {
        CancelRequests shared = new CancelRequests(store, Clock.systemUTC());
        JobCancellation cancellation = new JobCancellation(board, shared, events, Duration.ofSeconds(5));
        TrainingRequested request = longJob("cancel-queued");
        board.queued(request);

        JobCancellation.Answer answer = cancellation.cancel(request.jobId(), "tester");

        assertThat(answer.status()).isEqualTo("CANCELLED");
        assertThat(board.find(request.jobId()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.of(TrainingCancelled.class)).singleElement().satisfies(c -> {
            assertThat(c.epoch()).isZero();
            assertThat(c.by()).isEqualTo("tester");
        });
        // a worker (this or another replica's) receives the request later: it drops it
        assertThat(worker(new CancelRequests(store, Clock.systemUTC())).run(request)).isEqualTo(JobOutcome.CANCELLED);
        assertThat(events.of(TrainingStarted.class)).isEmpty();
        assertThat(new LeaseFiles(store).state(request.jobId(), Instant.now()).keys()).as("no lease taken").isEmpty();
        assertThat(registry.versions("cancel-queued")).isEmpty();
    }

    @Test
    void finishedAndUnknownJobsAreRefused() {
        CancelRequests shared = new CancelRequests(store, Clock.systemUTC());
        JobCancellation cancellation = new JobCancellation(board, shared, events, Duration.ofSeconds(5));
        board.failed("failed-job", "m", "broken", Instant.now());

        assertThatThrownBy(() -> cancellation.cancel("failed-job", "tester"))
                .isInstanceOf(JobStateConflictException.class).hasMessageContaining("FAILED");
        assertThatThrownBy(() -> cancellation.cancel("no-such-job", "tester"))
                .isInstanceOf(UnknownResourceException.class);
        assertThatThrownBy(() -> cancellation.cancel("../escape", "tester"))
                .isInstanceOf(UnknownResourceException.class);
        assertThat(events.all()).isEmpty();
    }
}
