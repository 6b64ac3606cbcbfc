package io.sightline.trainer.jobs.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker in its own JVM, for the kill-and-resume test: runs one job from a JSON file against a file store,
 * holding after every epoch (its checkpoint is written by then) until the test kills it between epochs.
 */
public final class WorkerProcess {

    /** Short, so the next worker takes the killed worker's lease over within seconds, not the default minute. */
    static final Duration LEASE_TTL = Duration.ofSeconds(3);

    /** The test kills the worker long before this; a worker left behind by a test that died goes on by itself. */
    static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

    public static void main(String[] args) throws Exception {
        FileArtifactStore store = new FileArtifactStore(Path.of(args[0]));
        TrainingRequested request = StoreJson.read(Files.readAllBytes(Path.of(args[1])), TrainingRequested.class);
        RecordingEvents events = new RecordingEvents() {
            @Override
            public CompletionStage<Void> epoch(TrainingEpoch event) {
                System.out.println("epoch " + event.epoch());
                holdUntilKilled();
                return super.epoch(event);
            }
        };
        PublishedModels registry = new PublishedModels(store);
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("child").setSendTimeout(Duration.ofSeconds(5))
                .optLeaseTtl(LEASE_TTL).build().run(request);
        System.out.println("finished");
    }

    /** Waits for the test to kill this JVM; the test's own JVM ending (or the longest hold) ends the wait. */
    private static void holdUntilKilled() {
        ProcessHandle test = ProcessHandle.current().parent().orElseThrow();
        try {
            test.onExit().get(LONGEST_HOLD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nobody killed this worker: it goes on with the job
        }
    }
}
