package io.sightline.trainer.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.backbone.BackbonePolicy;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.ImageSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request naming no architecture on a small dataset trains by transfer from the configured base when it is usable,
 * and from scratch with a warning when there is none or it is refused; a named architecture is never changed.
 */
class SmallDatasetArchitectureTest {

    @TempDir
    static Path dir;

    static ArtifactStore store;
    static PublishedModels registry;

    @BeforeAll
    static void publish() throws Exception {
        store = new FileArtifactStore(dir);
        registry = new PublishedModels(store);
        TestDatasets.publish(store, "tiny", "1", new TestDatasets.Split(4, 0, 2), 1); // 4 training images per class
        TestDatasets.publish(store, "roomy", "1", new TestDatasets.Split(12, 0, 2), 2);
        // a registered base as far as checking a job needs it: its architecture and input signature
        List<Float> half = Collections.nCopies(3, 0.5f);
        registry.publish("pretrained", (version, number) -> {
            Files.write(version.resolve(StoreKeys.ARCHITECTURE), StoreJson.write(ArchitectureSpec.cnn(16, 3, 3)));
            Files.write(version.resolve(StoreKeys.SIGNATURE), StoreJson.write(
                    new ImageSignature(16, 16, 3, half, half, TestDatasets.CLASSES)));
        });
    }

    private static QueuedJob queue(ArchitectureChoice choice, JobRequest request, RecordingEvents events)
            throws Exception {
        TrainingJobs jobs = TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setBoard(new JobBoard()).setEvents(events).setClock(Clock.systemUTC())
                .setSendTimeout(Duration.ofSeconds(5))
                .optBackbones(new Backbones(store, registry, BackbonePolicy.registeredOnly()))
                .optArchitectureChoice(choice).build();
        return jobs.queue(request);
    }

    private static JobRequest.Builder request(String dataset) {
        return JobRequest.builder("pets", dataset).optEpochs(1).optBatchSize(4);
    }

    @Test
    void noArchitectureOnASmallDatasetTrainsByTransferFromTheConfiguredBase() throws Exception {
        RecordingEvents events = new RecordingEvents();
        QueuedJob queued = queue(new ArchitectureChoice(10, "pretrained"), request("tiny").build(), events);

        TrainingRequested sent = events.of(TrainingRequested.class).get(0);
        assertThat(sent.parameters().architecture()).isEqualTo("transfer");
        assertThat(sent.parameters().baseModel()).isEqualTo("pretrained");
        assertThat(queued.job().parameters().architecture()).isEqualTo("transfer");
        assertThat(queued.architectureNote()).isEqualTo("dataset tiny version 1 has 4 training images per class"
                + " (fewer than 10): training by transfer from the pretrained base pretrained"
                + " (sightline.trainer.small-data.base), frozen, with a new head; name an architecture to train"
                + " otherwise");
    }

    @Test
    void withoutABaseASmallDatasetTrainsFromScratchWithAWarning() throws Exception {
        RecordingEvents events = new RecordingEvents();
        QueuedJob queued = queue(ArchitectureChoice.withoutBase(), request("tiny").build(), events);

        assertThat(events.of(TrainingRequested.class).get(0).parameters().architecture()).isEqualTo("cnn");
        assertThat(queued.architectureNote()).isEqualTo("dataset tiny version 1 has 4 training images per class"
                + " (fewer than 2000) and this trainer has no pretrained base configured"
                + " (sightline.trainer.small-data.base): training cnn from scratch, which tends to over-fit so few"
                + " images; see trainer-service/README.md#small-datasets");
    }

    @Test
    void aConfiguredBaseThePolicyRefusesMeansFromScratchWithTheReason() throws Exception {
        RecordingEvents events = new RecordingEvents();
        QueuedJob queued = queue(new ArchitectureChoice(10, "/srv/backbones/mobilenet_v2.pt"), request("tiny").build(),
                events);

        assertThat(events.of(TrainingRequested.class).get(0).parameters().architecture()).isEqualTo("cnn");
        assertThat(events.of(TrainingRequested.class).get(0).parameters().baseModel()).isNull();
        assertThat(queued.architectureNote()).contains("but the configured pretrained base cannot be used (baseModel"
                + " /srv/backbones/mobilenet_v2.pt: this trainer reads no TorchScript files;").contains("from scratch");
    }

    @Test
    void aNamedArchitectureIsKeptEvenOnASmallDataset() throws Exception {
        RecordingEvents events = new RecordingEvents();
        QueuedJob queued = queue(new ArchitectureChoice(10, "pretrained"), request("tiny").optArchitecture("cnn")
                .build(), events);

        assertThat(events.of(TrainingRequested.class).get(0).parameters().architecture()).isEqualTo("cnn");
        assertThat(queued.architectureNote()).isNull();
    }

    @Test
    void aDatasetAtTheThresholdKeepsTheDefaultWithoutANote() throws Exception {
        RecordingEvents events = new RecordingEvents();
        QueuedJob queued = queue(new ArchitectureChoice(12, "pretrained"), request("roomy").build(), events);

        assertThat(events.of(TrainingRequested.class).get(0).parameters().architecture()).isEqualTo("cnn");
        assertThat(queued.architectureNote()).isNull();
    }
}
