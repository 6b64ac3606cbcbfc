package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.datasets.PublishedDatasets;

/**
 * A worker JVM is SIGKILLed after an epoch's checkpoint; the request was never acknowledged, so it is run
 * again (here: by a worker in this JVM), which takes the dead worker's lease over once it expires, resumes from the
 * checkpoint, completes and promotes once.
 */
@Tag("process") // the killed worker is a JVM of its own
class KillAndResumeTest {

    @TempDir
    Path storeDir;

    @Test
    void aWorkerKilledMidJobLeavesACheckpointTheNextWorkerResumesFrom() throws Exception {
        ArtifactStore store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(12, 3, 4), 8);
        TrainingRequested request = new TrainingRequested(UUID.randomUUID().toString(), "killed", "shapes", "1",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(4).setBatchSize(8)
                        .setLearningRate(0.003).setImageSize(16).setSeed(5).optSchedule("cosine").build(), "api", Instant.now());
        Path job = storeDir.resolve("request.json");
        Files.write(job, StoreJson.write(request));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.pytorch.num_threads=1",
                WorkerProcess.class.getName(), storeDir.toString(), job.toString())
                .redirectErrorStream(true)
                .redirectOutput(storeDir.resolve("child.log").toFile())
                .start();
        StoreCheckpoints checkpoints = new StoreCheckpoints(store, request.jobId());
        int killedAfter = 0;
        try {
            // a child that died on its own ends the wait too: the assertion below then shows its log
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !child.isAlive() || epochsDone(checkpoints) >= 1);
            killedAfter = epochsDone(checkpoints);
        } catch (ConditionTimeoutException e) {
            // no checkpoint in time: killedAfter stays 0, and the assertion below shows the child's log
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing acknowledged
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(killedAfter).as("child log:%n%s", Files.readString(storeDir.resolve("child.log")))
                .isBetween(1, 3);
        PublishedModels registry = new PublishedModels(store);
        assertThat(registry.versions("killed")).isEmpty();

        RecordingEvents events = new RecordingEvents();
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        TrainingWorker next = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                .setModels(registry).setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("next").setSendTimeout(Duration.ofSeconds(5)).build();

        assertThat(next.run(request)).isEqualTo(JobOutcome.COMPLETED);
        assertThat(next.run(request)).as("a second redelivery").isEqualTo(JobOutcome.SKIPPED);

        assertThat(registry.versions("killed")).containsExactly("1");
        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("killed", "1")));
        assertThat(metrics.at("/details/resumedFromEpoch").asInt()).isGreaterThanOrEqualTo(killedAfter);
        assertThat(metrics.at("/history")).hasSize(4);
        List<ModelPromoted> promotions = events.of(ModelPromoted.class);
        assertThat(promotions).hasSize(2).extracting(ModelPromoted::eventId).containsOnly(promotions.get(0).eventId());
        assertThat(events.of(TrainingCompleted.class)).extracting(TrainingCompleted::modelVersion).containsOnly("1");
        assertThat(checkpoints.latest()).as("emptied once published").isEmpty();
    }

    /** Epochs the stored checkpoint says are done; 0 while there is none or it is being replaced. */
    private static int epochsDone(StoreCheckpoints checkpoints) {
        try {
            return checkpoints.latest().map(c -> c.state().epochsDone()).orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }
}
