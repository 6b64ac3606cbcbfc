package io.sightline.trainer.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.TorchScriptFixture;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.ImageSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sightline.trainer.jobs.backbone.BackbonePolicy;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.datasets.PublishedDatasets;

/**
 * A base model whose input the job cannot feed is refused when the job is asked for, with the reason, and
 * nothing is queued: a registered model of another size or channel count, a TorchScript file that refuses RGB
 * images of the job's size or is no module at all.
 */
@Tag("process") // Python writes the TorchScript fixtures
class BaseModelSignatureTest {

    @TempDir
    static Path dir;

    static ArtifactStore store;
    static PublishedModels registry;
    static boolean torch;

    RecordingEvents events;
    JobBoard board;
    TrainingJobs jobs;

    @BeforeAll
    static void registerBases() throws Exception {
        store = new FileArtifactStore(dir.resolve("store"));
        registry = new PublishedModels(store);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(4, 0, 2), 1);
        register("rgb16", ArchitectureSpec.cnn(16, 3, 3), 3);
        register("gray16", ArchitectureSpec.cnn(16, 1, 3), 1);
        torch = TorchScriptFixture.write(dir.resolve("rgb.pt"), 3) && TorchScriptFixture.write(dir.resolve("gray.pt"), 1);
        Files.writeString(dir.resolve("notes.pt"), "not a module");
    }

    /** A registered version as far as checking a job needs it: its architecture and input signature. */
    private static void register(String model, ArchitectureSpec architecture, int channels) throws Exception {
        List<Float> half = java.util.Collections.nCopies(channels, 0.5f);
        ImageSignature signature = new ImageSignature(16, 16, channels, half, half, TestDatasets.CLASSES);
        registry.publish(model, (version, number) -> {
            Files.write(version.resolve(StoreKeys.ARCHITECTURE), StoreJson.write(architecture));
            Files.write(version.resolve(StoreKeys.SIGNATURE), StoreJson.write(signature));
        });
    }

    @BeforeEach
    void freshService() {
        events = new RecordingEvents();
        board = new JobBoard();
        jobs = TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry).setBoard(board)
                .setEvents(events).setRetrainRules(List.of()).setClock(Clock.systemUTC())
                .setSendTimeout(Duration.ofSeconds(5)).optBackbones(new Backbones(store, registry, BackbonePolicy.filesIn(List.of(dir))))
                .optDebounce(Duration.ZERO).build();
    }

    private static JobRequest transfer(String baseModel, Integer imageSize) {
        return JobRequest.builder("target", "shapes").optArchitecture("transfer").optBaseModel(baseModel).optEpochs(1)
                .optBatchSize(4).optLearningRate(0.01).optImageSize(imageSize).optSeed(1L).build();
    }

    private void assertRefused(JobRequest request, String reason) {
        assertThatThrownBy(() -> jobs.submit(request)).isInstanceOf(InvalidJobException.class).hasMessage(reason);
        assertThat(events.all()).as("nothing queued").isEmpty();
        assertThat(board.list()).isEmpty();
    }

    @Test
    void aRegisteredBaseOfAnotherSizeIsRefused() {
        assertRefused(transfer("rgb16", 32), "baseModel rgb16:1 takes 16×16 input with 3 channel(s); imageSize 32 does"
                + " not match (leave imageSize out to use the base model's)");
    }

    @Test
    void aRegisteredBaseOfAnotherChannelCountIsRefused() {
        assertRefused(transfer("gray16:1", null), "baseModel gray16:1 takes 16×16×1 input; transfer needs a square"
                + " RGB base");
    }

    @Test
    void aTorchScriptFileThatRefusesRgbInputIsRefused() {
        assumeTrue(torch, TorchScriptFixture.MISSING);
        String file = dir.resolve("gray.pt").toString();

        assertThatThrownBy(() -> jobs.submit(transfer(file, 16))).isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("baseModel " + file + " does not take 16×16 RGB input (a (1, 3, 16, 16)"
                        + " tensor): RuntimeError: Given groups=1, weight of size [8, 1, 3, 3], expected input[1, 3,"
                        + " 16, 16] to have 1 channels, but got 3 channels instead");
        assertThat(events.all()).isEmpty();
        assertThat(board.list()).isEmpty();
    }

    @Test
    void aFileThatIsNoTorchScriptModuleIsRefused() {
        String file = dir.resolve("notes.pt").toUri().toString();

        assertThatThrownBy(() -> jobs.submit(transfer(file, 16))).isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("baseModel " + file + " is not a TorchScript module PyTorch can load"
                        + " (PytorchStreamReader failed reading zip archive")
                .hasMessageEndingWith("); write it with torch.jit.save, not torch.save");
        assertThat(events.all()).isEmpty();
        assertThat(board.list()).isEmpty();
    }

    @Test
    void aTorchScriptFileThatIsNotThereIsRefused() {
        String file = dir.resolve("absent.pt").toString();

        assertRefused(transfer(file, 16), "baseModel " + file + " is not a readable TorchScript file on the trainer");
    }

    @Test
    void aTorchScriptFileThatTakesTheJobsInputIsQueued() throws Exception {
        assumeTrue(torch, TorchScriptFixture.MISSING);

        assertThat(jobs.submit(transfer(dir.resolve("rgb.pt").toString(), 16)).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(events.all()).hasSize(1);
    }
}
