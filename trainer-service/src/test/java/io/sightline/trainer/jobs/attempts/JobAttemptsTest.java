package io.sightline.trainer.jobs.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobAttemptsTest {

    @TempDir
    Path dir;

    @Test
    void startsWithoutAnEndAreDeathsAndTheLimitNamesTheEpoch() throws Exception {
        ArtifactStore store = new FileArtifactStore(dir);
        JobAttempts attempts = new JobAttempts(store, "w", Clock.systemUTC(), 3);

        JobAttempts.Attempt first = attempts.start("job-1");
        first.epochDone(1); // then the JVM died: no end
        try (JobAttempts.Attempt ended = attempts.start("job-1")) {
            ended.ended("FAILED"); // a failure the JVM lived through is no death
        }
        JobAttempts.Attempt second = attempts.start("job-1");
        second.epochDone(2);
        assertThat(attempts.exhausted("job-1")).as("two deaths").isEmpty();
        JobAttempts.Attempt third = attempts.start("job-1");

        assertThat(third.number()).isEqualTo(4);
        assertThat(attempts.exhausted("job-1")).contains("the worker died 3 times; last seen in epoch 3");
        assertThat(attempts.exhausted("job-2")).as("another job").isEmpty();
    }

    @Test
    void startsRacingForANumberGetOneEach() throws Exception {
        ArtifactStore store = new FileArtifactStore(dir);
        List<Thread> threads = new ArrayList<>();
        List<Integer> numbers = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            JobAttempts attempts = new JobAttempts(store, "w" + i, Clock.systemUTC(), 3);
            threads.add(new Thread(() -> {
                try {
                    numbers.add(attempts.start("raced").number());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aWorkerHandedAJobThatKilledThreeWorkersFailsItWithoutStartingIt() throws Exception {
        ArtifactStore store = new FileArtifactStore(dir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(8, 2, 4), 8);
        TrainingRequested request = new TrainingRequested(UUID.randomUUID().toString(), "crashy", "shapes", "1",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(3).setBatchSize(8)
                        .setLearningRate(0.003).setImageSize(16).setSeed(5).build(), "api", Instant.now());
        JobAttempts dead = new JobAttempts(store, "dead", Clock.systemUTC(), 3);
        for (int i = 0; i < 3; i++) {
            dead.start(request.jobId()).epochDone(i); // never ended: killed in epochs 1, 2, 3
        }
        RecordingEvents events = new RecordingEvents();
        PublishedModels registry = new PublishedModels(store);
        TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                .setModels(registry).setPromoter(new Promoter(registry, new MinimumAccuracyGate(0), events,
                        Clock.systemUTC(), Duration.ofSeconds(5)))
                .setBoard(new JobBoard()).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(new SimpleMeterRegistry()).setClock(Clock.systemUTC()).setWorkerName("next")
                .setSendTimeout(Duration.ofSeconds(5)).optLeaseTtl(Duration.ofSeconds(2)).build();

        assertThat(worker.run(request)).as("acknowledged: the partition moves on").isEqualTo(JobOutcome.FAILED);

        assertThat(events.of(TrainingFailed.class)).extracting(TrainingFailed::reason)
                .containsExactly("the worker died 3 times; last seen in epoch 3");
        assertThat(events.of(TrainingStarted.class)).as("not started a fourth time").isEmpty();
        assertThat(store.list(JobAttempts.folder(request.jobId()))).hasSize(3);
    }
}
