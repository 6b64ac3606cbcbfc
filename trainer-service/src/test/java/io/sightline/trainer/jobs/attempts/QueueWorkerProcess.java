package io.sightline.trainer.jobs.attempts;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A worker in its own JVM working through a queue as a partition's consumer does: the requests in a folder, in name
 * order, each acknowledged (a {@code .ack} file with its outcome and any reason) only once its job has ended. A JVM
 * that dies leaves its request unacknowledged, and the next one starts from it. Runs of model {@code crashy} halt
 * the JVM at their first batch (the test hook).
 */
public final class QueueWorkerProcess {

    static final String CRASHING_MODEL = "crashy";

    public static void main(String[] args) throws Exception {
        FileArtifactStore store = new FileArtifactStore(Path.of(args[0]));
        Path queue = Path.of(args[1]);
        RecordingEvents events = new RecordingEvents();
        PublishedModels registry = new PublishedModels(store);
        TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                .setModels(registry).setPromoter(new Promoter(registry, new MinimumAccuracyGate(0), events,
                        Clock.systemUTC(), Duration.ofSeconds(5)))
                .setBoard(new JobBoard()).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(new SimpleMeterRegistry()).setClock(Clock.systemUTC()).setWorkerName("child-"
                        + ProcessHandle.current().pid())
                .setSendTimeout(Duration.ofSeconds(5)).optLeaseTtl(Duration.ofSeconds(1))
                .optCrashHook(CrashHook.haltingRunsOf(Optional.of(CRASHING_MODEL))).build();
        List<Path> requests;
        try (Stream<Path> files = Files.list(queue)) {
            requests = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : requests) {
            Path ack = Path.of(file + ".ack");
            if (Files.exists(ack)) {
                continue;
            }
            TrainingRequested request = StoreJson.read(Files.readAllBytes(file), TrainingRequested.class);
            JobOutcome outcome = worker.run(request);
            String reason = events.of(TrainingFailed.class).stream().filter(f -> f.jobId().equals(request.jobId()))
                    .map(TrainingFailed::reason).findFirst().orElse("");
            Files.writeString(ack, outcome + "\t" + reason);
        }
        System.exit(0); // the engine's threads would keep the JVM up
    }
}
