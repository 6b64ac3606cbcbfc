package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.backbone.BackbonePolicy;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.queue.ArchitectureChoice;
import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.jobs.queue.QueuedJob;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.report.ArchitectureRationale;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a request names no architecture and the trainer picks transfer for a small dataset (decision 102), the
 * choice and its reason travel on the job and open the report's "why this architecture" (report.html and
 * metrics.json), and the job's JSON carries it. Real training on tiny 16 px data: a cnn base, then the small job.
 */
class ChosenArchitectureReportTest {

    @TempDir
    Path storeDir;

    @Test
    void theReportAndTheJobSayTheArchitectureWasChosenAndWhy() throws Exception {
        ArtifactStore store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(12, 4, 4), 3);
        TestDatasets.publish(store, "tiny", "1", new TestDatasets.Split(4, 2, 2), 4); // 4 training images per class
        RecordingEvents events = new RecordingEvents();
        JobBoard board = new JobBoard();
        PublishedModels registry = new PublishedModels(store);
        TrainingJobs jobs = TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setBoard(board).setEvents(events).setClock(Clock.systemUTC()).setSendTimeout(Duration.ofSeconds(5))
                .optBackbones(new Backbones(store, registry, BackbonePolicy.registeredOnly()))
                .optArchitectureChoice(new ArchitectureChoice(10, "base")).build();
        TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                .setModels(registry).setPromoter(new Promoter(registry, new MinimumAccuracyGate(0.0), events,
                        Clock.systemUTC(), Duration.ofSeconds(5)))
                .setBoard(board).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(new SimpleMeterRegistry()).setClock(Clock.systemUTC()).setWorkerName("test-worker")
                .setSendTimeout(Duration.ofSeconds(5)).build();

        jobs.queue(JobRequest.builder("base", "shapes").optArchitecture("cnn").optEpochs(1).optBatchSize(8)
                .optImageSize(16).build());
        assertThat(worker.run(events.of(TrainingRequested.class).get(0))).isEqualTo(JobOutcome.COMPLETED);

        QueuedJob queued = jobs.queue(JobRequest.builder("pets", "tiny").optEpochs(1).optBatchSize(4).build());
        TrainingRequested request = events.of(TrainingRequested.class).get(1);
        assertThat(request.parameters().architecture()).isEqualTo("transfer");
        assertThat(request.architectureNote()).isEqualTo(queued.architectureNote())
                .contains("4 training images per class", "training by transfer from the pretrained base base");
        assertThat(worker.run(request)).isEqualTo(JobOutcome.COMPLETED);

        TrainingJob job = board.find(request.jobId()).orElseThrow();
        assertThat(job.architectureNote()).isEqualTo(queued.architectureNote());
        JsonNode jobJson = StoreJson.mapper().valueToTree(job);
        assertThat(jobJson.path("architectureNote").asText()).isEqualTo(queued.architectureNote());

        String version = job.modelVersion();
        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("pets", version)));
        assertThat(metrics.path("details").path("rationale").asText())
                .startsWith(ArchitectureRationale.CHOSEN + queued.architectureNote())
                .contains("transfer learning");
        String report = new String(store.read(StoreKeys.report("pets", version)), StandardCharsets.UTF_8);
        assertThat(report).contains(ArchitectureRationale.CHOSEN, "4 training images per class");
    }
}
