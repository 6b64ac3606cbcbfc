package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import io.sightline.trainer.jobs.queue.ArchitectureChoice;
import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.jobs.queue.QueuedJob;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/backbone/export_mobilenet_v2.py writes a base the trainer takes: a request naming no architecture on a tiny
 * dataset, with that file configured as the small-data base, becomes transfer from it and trains (decision 102).
 */
@Tag("process") // Python writes the base
@Tag("training")
class ExportedMobileNetBaseTest {

    private static final Path SCRIPT = Path.of("../tools/backbone/export_mobilenet_v2.py").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theExportedMobileNetIsTheSmallDataBaseAndATinyJobTrainsOnIt() throws Exception {
        Path backbones = Files.createDirectories(dir.resolve("backbones"));
        Path base = backbones.resolve("mobilenet_v2.pt");
        String printed = export(base);
        assumeTrue(printed != null, "skipped: /usr/bin/python3 cannot run " + SCRIPT + " (it needs Debian's"
                + " python3-torch and python3-torchvision; bin/setup installs them)");
        Matcher sha = Pattern.compile("(?m)^sha256 ([0-9a-f]{64})$").matcher(printed);
        assertThat(sha.find()).as(printed).isTrue();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(base)));
        assertThat(sha.group(1)).as("the digest printed for the allow-list").isEqualTo(digest);
        assertThat(printed).contains("output (1, 1280)")
                .contains("sightline.trainer.backbones.file.folders=" + backbones);

        ArtifactStore store = new FileArtifactStore(dir.resolve("store"));
        PublishedModels registry = new PublishedModels(store);
        TestDatasets.publish(store, "tiny", "1", new TestDatasets.Split(3, 0, 2), 5);
        BackbonePolicy policy = BackbonePolicy.filesIn(List.of(backbones));
        RecordingEvents events = new RecordingEvents();
        TrainingJobs jobs = TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setBoard(new JobBoard()).setEvents(events).setClock(Clock.systemUTC())
                .setSendTimeout(Duration.ofSeconds(5)).optBackbones(new Backbones(store, registry, policy))
                .optArchitectureChoice(new ArchitectureChoice(ArchitectureChoice.DEFAULT_TRANSFER_BELOW,
                        base + "#sha256=" + digest)).build();

        QueuedJob queued = jobs.queue(JobRequest.builder("tiny-tl", "tiny").optEpochs(1).optBatchSize(3)
                .optLearningRate(1e-4).optImageSize(32).optSeed(1L).build());

        assertThat(queued.architectureNote()).contains("training by transfer from the pretrained base " + base);
        TrainingRequested request = events.of(TrainingRequested.class).get(0);
        assertThat(request.parameters().architecture()).isEqualTo("transfer");
        assertThat(worker(store, registry, policy).run(request)).isEqualTo(JobOutcome.COMPLETED);
        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("tiny-tl", "1")));
        assertThat(metrics.at("/details/network/backbone").asText()).isEqualTo("torchscript");
        assertThat(metrics.at("/lineage/baseModelSha256").asText()).isEqualTo(digest);
    }

    /** Runs the script with random weights at 32 px; its standard output, or null when it could not run. */
    private static String export(Path out) {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "--random-weights", "--image-size",
                    "32", out.toString()).redirectErrorStream(true).start();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            p.getInputStream().transferTo(text);
            boolean ok = p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(out) > 0;
            return ok ? text.toString(StandardCharsets.UTF_8) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static TrainingWorker worker(ArtifactStore store, PublishedModels registry, BackbonePolicy policy) {
        RecordingEvents events = new RecordingEvents();
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("test").setSendTimeout(Duration.ofSeconds(5))
                .optBackbonePolicy(policy).build();
    }
}
