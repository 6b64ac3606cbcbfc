package io.sightline.trainer.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelDeleted;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Sha256;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting model versions that real training produced: the champion needs force, and numbers are never reused. */
class DeletedVersionNumbersTest {

    @TempDir
    Path storeDir;

    @Test
    void aDeletedChampionsNumberIsNotReusedByTheNextTraining() throws Exception {
        ArtifactStore store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(16, 4, 6), 1);
        List<OutboxGuard> guards = new ArrayList<>();
        RecordingEvents events = new RecordingEvents() {
            @Override
            public Announcement deletedOnCommit(ModelDeleted event, OutboxGuard guard) throws IOException {
                assertThat(store.exists(guard.key())).as("recorded before the marker is written").isFalse();
                guards.add(guard);
                return super.deletedOnCommit(event, guard);
            }
        };
        PublishedModels registry = new PublishedModels(store);
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                .setModels(registry).setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("w").setSendTimeout(Duration.ofSeconds(5)).build();
        ModelDeletion deletion = new ModelDeletion(store, registry, events, Clock.systemUTC());

        assertThat(worker.run(oneEpoch())).isEqualTo(JobOutcome.COMPLETED);
        assertThat(registry.champion("reused").orElseThrow().version()).isEqualTo("1");
        assertThatThrownBy(() -> deletion.deleteVersion("reused", "1", false, "tester"))
                .isInstanceOf(JobStateConflictException.class).hasMessageContaining("is serving");

        ModelDeletion.Deleted deleted = deletion.deleteVersion("reused", "1", true, "tester");

        assertThat(deleted.bytesFreed()).isPositive();
        assertThat(registry.exists("reused", "1")).isFalse();
        assertThat(registry.champion("reused")).isEmpty();
        assertThat(store.exists(StoreKeys.modelVersion("reused", "1"))).isFalse();
        assertThat(events.of(ModelDeleted.class)).singleElement().satisfies(d -> {
            assertThat(d.model()).isEqualTo("reused");
            assertThat(d.version()).isEqualTo("1");
            assertThat(d.champion()).isNull();
            assertThat(d.by()).isEqualTo("tester");
        });
        assertThatThrownBy(() -> deletion.deleteVersion("reused", "1", true, "tester"))
                .isInstanceOf(UnknownResourceException.class);
        // what the outbox's relay checks after a stop between the delete and the send: the marker, as announced
        assertThat(guards).singleElement().satisfies(g ->
                assertThat(Sha256.of(store.read(g.key()))).isEqualTo(g.sha256()));

        assertThat(worker.run(oneEpoch())).isEqualTo(JobOutcome.COMPLETED);
        assertThat(events.of(TrainingCompleted.class)).extracting(TrainingCompleted::modelVersion)
                .containsExactly("1", "2");
        assertThat(registry.versions("reused")).containsExactly("2");
        assertThat(registry.champion("reused").orElseThrow().version()).isEqualTo("2");

        // the whole model: refused while serving, then forced; its numbers stay taken
        assertThatThrownBy(() -> deletion.deleteModel("reused", false, "tester"))
                .isInstanceOf(JobStateConflictException.class);
        assertThat(deletion.deleteModel("reused", true, "tester").version()).isNull();
        assertThat(guards).hasSize(2).last().satisfies(g ->
                assertThat(Sha256.of(store.read(g.key()))).isEqualTo(g.sha256()));
        assertThat(registry.models()).doesNotContain("reused");
        assertThat(registry.nextVersion("reused")).isEqualTo("3");
    }

    private static TrainingRequested oneEpoch() {
        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("cnn").setEpochs(1)
                .setBatchSize(8).setLearningRate(0.002).setImageSize(16).setSeed(42).build();
        return new TrainingRequested(UUID.randomUUID().toString(), "reused", "shapes", "1", parameters, "api",
                Instant.now());
    }
}
