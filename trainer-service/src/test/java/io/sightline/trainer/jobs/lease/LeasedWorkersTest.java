package io.sightline.trainer.jobs.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.worker.TrainingWorker;

/**
 * Workers sharing one store, handed the same request (as after a Kafka rebalance mid-job): the job's lease makes
 * one train and the other wait, then announce the version the first published.
 */
class LeasedWorkersTest {

    /** Long enough that a busy 2-core machine never delays a renewal past its slack (a quarter: 2 s). */
    static final Duration TTL = Duration.ofSeconds(8);

    @TempDir
    static Path storeDir;

    static ArtifactStore store;

    @BeforeAll
    static void generateDataset() throws Exception {
        store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(12, 3, 4), 1);
    }

    private static TrainingWorker worker(String name, RecordingEvents events) {
        PublishedModels registry = new PublishedModels(store);
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName(name).setSendTimeout(Duration.ofSeconds(5))
                .optLeaseTtl(TTL).build();
    }

    private static TrainingRequested request(String model, int epochs) {
        return new TrainingRequested(UUID.randomUUID().toString(), model, "shapes", "1",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(epochs).setBatchSize(8)
                        .setLearningRate(0.003).setImageSize(16).setSeed(7).build(), "api", Instant.now());
    }

    private static LeaseClaim claim(String jobId, int generation) throws IOException {
        return StoreJson.read(store.read(JobLease.key(jobId, generation)), LeaseClaim.class);
    }

    /** A lease generation written by a worker that never renews it: it dies, in effect, at once. */
    private static void deadHolder(String jobId, int generation, Duration lastsFor) throws IOException {
        assertThat(store.createIfAbsent(JobLease.key(jobId, generation),
                StoreJson.write(LeaseClaim.fresh("dead", Instant.now().plus(lastsFor))))).isTrue();
    }

    @Test
    void twoWorkersGivenTheSameRequestTrainItOnceAndBothAnnounceTheOneVersion() throws Exception {
        TrainingRequested request = request("leased", 3);
        RecordingEvents eventsA = new RecordingEvents();
        RecordingEvents eventsB = new RecordingEvents();
        TrainingWorker a = worker("worker-a", eventsA);
        TrainingWorker b = worker("worker-b", eventsB);

        List<JobOutcome> outcomes = together(() -> a.run(request), () -> b.run(request));

        assertThat(outcomes).containsExactlyInAnyOrder(JobOutcome.COMPLETED, JobOutcome.SKIPPED);
        RecordingEvents trained = outcomes.get(0) == JobOutcome.COMPLETED ? eventsA : eventsB;
        RecordingEvents waited = trained == eventsA ? eventsB : eventsA;
        assertThat(new PublishedModels(store).versions("leased")).containsExactly("1");
        assertThat(trained.of(TrainingStarted.class)).hasSize(1);
        assertThat(trained.of(TrainingEpoch.class)).hasSize(3);
        assertThat(waited.of(TrainingStarted.class)).as("the waiting worker trained nothing").isEmpty();
        assertThat(waited.of(TrainingEpoch.class)).isEmpty();
        assertThat(waited.of(TrainingCompleted.class)).singleElement()
                .satisfies(c -> assertThat(c.modelVersion()).isEqualTo("1"));
        assertThat(trained.of(TrainingCompleted.class)).singleElement()
                .satisfies(c -> assertThat(c.modelVersion()).isEqualTo("1"));
        // the trainer's lease, then the waiter's (taken once the trainer released its own)
        assertThat(store.list(JobLease.folder(request.jobId()))).containsExactly("000000001.json", "000000002.json");
        assertThat(claim(request.jobId(), 1).released()).isTrue();
        assertThat(claim(request.jobId(), 2).released()).isTrue();
    }

    @Test
    void aWorkerTakesOverTheLeaseOfAHolderThatDied() throws Exception {
        TrainingRequested request = request("orphaned", 2);
        deadHolder(request.jobId(), 1, Duration.ofSeconds(2));
        RecordingEvents events = new RecordingEvents();

        JobOutcome outcome = worker("survivor", events).run(request);

        assertThat(outcome).isEqualTo(JobOutcome.COMPLETED);
        assertThat(new PublishedModels(store).versions("orphaned")).containsExactly("1");
        assertThat(events.of(TrainingStarted.class)).singleElement()
                .satisfies(s -> assertThat(s.worker()).isEqualTo("survivor"));
        assertThat(claim(request.jobId(), 1).released()).as("the dead holder's claim, left as it was").isFalse();
        assertThat(claim(request.jobId(), 2)).satisfies(c -> {
            assertThat(c.worker()).isEqualTo("survivor");
            assertThat(c.released()).isTrue();
        });
    }

    @Test
    void aWorkerThatLosesItsLeaseMidJobStopsWaitsAndResumesAfterTheNewHolder() throws Exception {
        TrainingRequested request = request("taken-over", 3);
        // after epoch 1 (its checkpoint is saved by then) another worker claims the next generation and dies
        RecordingEvents events = new RecordingEvents() {
            @Override
            public CompletionStage<Void> epoch(TrainingEpoch event) {
                if (event.epoch() == 1 && of(TrainingEpoch.class).isEmpty()) {
                    try {
                        deadHolder(request.jobId(), 2, Duration.ofSeconds(2));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return super.epoch(event);
            }
        };

        JobOutcome outcome = worker("interrupted", events).run(request);

        assertThat(outcome).isEqualTo(JobOutcome.COMPLETED);
        assertThat(new PublishedModels(store).versions("taken-over")).containsExactly("1");
        assertThat(events.of(TrainingStarted.class)).as("once under each lease it held").hasSize(2);
        assertThat(events.of(TrainingEpoch.class)).extracting(TrainingEpoch::epoch)
                .as("epoch 2 of the lost lease stopped at its checkpoint").containsExactly(1, 2, 3);
        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("taken-over", "1")));
        assertThat(metrics.at("/details/resumedFromEpoch").asInt()).isEqualTo(1);
        assertThat(metrics.at("/history")).hasSize(3);
        assertThat(store.list(JobLease.folder(request.jobId())))
                .containsExactly("000000001.json", "000000002.json", "000000003.json");
        assertThat(claim(request.jobId(), 1).released()).as("lost: left as it was").isFalse();
        assertThat(claim(request.jobId(), 3).released()).isTrue();
    }

    /** Runs the jobs on threads started at the same moment; their results in order. */
    @SafeVarargs
    private static <T> List<T> together(Callable<T>... jobs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(jobs.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = Arrays.stream(jobs).map(job -> pool.submit(() -> {
                go.await();
                return job.call();
            })).toList();
            go.countDown();
            return futures.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } finally {
            pool.shutdownNow();
        }
    }
}
