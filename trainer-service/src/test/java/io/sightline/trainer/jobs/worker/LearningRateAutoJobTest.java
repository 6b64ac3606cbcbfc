package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingFinding;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.diagnosis.CurveDiagnosis;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job asked for {@code learningRate: "auto"}, and one at too high a rate, through the worker (decision 101). */
class LearningRateAutoJobTest {

    @TempDir
    static Path storeDir;

    static ArtifactStore store;

    @BeforeAll
    static void generateDataset() throws Exception {
        store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(16, 4, 6), 1);
    }

    private static TrainingWorker worker(RecordingEvents events, JobBoard board) {
        PublishedModels registry = new PublishedModels(store);
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(board).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(new SimpleMeterRegistry()).setClock(Clock.systemUTC()).setWorkerName("test-worker")
                .setSendTimeout(Duration.ofSeconds(5)).build();
    }

    private static TrainingRequested request(String model, TrainingParameters parameters) {
        return new TrainingRequested(UUID.randomUUID().toString(), model, "shapes", "1", parameters, "api",
                Instant.now());
    }

    @Test
    void anAutomaticRateIsChosenTrainedWithAndShownEverywhere() throws Exception {
        TrainingParameters asked = JobRequest.builder("auto-lr", "shapes").optArchitecture("cnn").optEpochs(3)
                .optBatchSize(8).optImageSize(16).optLearningRateAuto().build().parameters();
        assertThat(asked.learningRate()).isZero();
        assertThat(asked.learningRateAuto()).isTrue();
        RecordingEvents events = new RecordingEvents();
        JobBoard board = new JobBoard();
        TrainingRequested request = request("auto-lr", asked);

        assertThat(worker(events, board).run(request)).isEqualTo(JobOutcome.COMPLETED);

        assertThat(events.of(TrainingStarted.class).get(0).parameters().learningRateAuto()).isTrue();
        TrainingCompleted completed = events.of(TrainingCompleted.class).get(0);
        double chosen = completed.parameters().learningRate();
        assertThat(chosen).isBetween(1e-4, 3e-2);
        assertThat(completed.findings()).isNotNull();
        TrainingJob job = board.find(request.jobId()).orElseThrow();
        assertThat(job.parameters().learningRate()).isEqualTo(chosen);
        assertThat(job.epochs().get(0).learningRate()).isLessThanOrEqualTo(chosen * (1 + 1e-6));

        Path version = store.localFolder(StoreKeys.modelVersion("auto-lr", completed.modelVersion()));
        JsonNode metrics = StoreJson.mapper().readTree(version.resolve(StoreKeys.METRICS).toFile());
        assertThat(metrics.at("/parameters/learningRate").asDouble()).isEqualTo(chosen);
        assertThat(metrics.at("/details/learningRateSweep/chosen").asDouble()).isEqualTo(chosen);
        assertThat(metrics.at("/details/learningRateSweep/rates").size()).isGreaterThanOrEqualTo(10);
        assertThat(metrics.at("/timings/learningRateFinderMs").asLong()).isPositive();
        assertThat(metrics.at("/details/findings").isArray()).isTrue();
        String report = Files.readString(version.resolve(StoreKeys.REPORT), StandardCharsets.UTF_8);
        assertThat(report).contains("Learning-rate range test", "class=\"lr-sweep\"", "class=\"sweep\"",
                "auto: chosen by the range test", "learning-rate range test</th>", "Diagnosis");
    }

    @Test
    void aJobAtHalfIsToldItsRateIsTooHighWithAValueOnTheEventTheCurvesAndTheReport() throws Exception {
        TrainingParameters high = TrainingParameters.builder().setArchitecture("cnn").setEpochs(3).setBatchSize(8)
                .setLearningRate(0.5).setImageSize(16).setSeed(42).optSchedule("constant").build();
        RecordingEvents events = new RecordingEvents();
        JobBoard board = new JobBoard();
        TrainingRequested request = request("high-lr", high);

        assertThat(worker(events, board).run(request)).isEqualTo(JobOutcome.COMPLETED);

        TrainingCompleted completed = events.of(TrainingCompleted.class).get(0);
        assertThat(completed.findings()).extracting(TrainingFinding::kind)
                .containsAnyOf(CurveDiagnosis.DIVERGING, CurveDiagnosis.TOO_HIGH_RATE, CurveDiagnosis.NOISY);
        TrainingFinding first = completed.findings().get(0);
        // ÷10, or ÷ the height of a batch thrown past 10 guesses, no lower than 1e-4 (decision 116)
        java.util.regex.Matcher lowered = java.util.regex.Pattern.compile("from 0\\.5 to ([0-9.]+) \\(÷(\\d+)\\)")
                .matcher(first.suggestion());
        assertThat(lowered.find()).as(first.suggestion()).isTrue();
        assertThat(Double.parseDouble(lowered.group(1))).isBetween(1e-4, 0.05);
        assertThat(board.find(request.jobId()).orElseThrow().findings()).isEqualTo(completed.findings());
        Path version = store.localFolder(StoreKeys.modelVersion("high-lr", completed.modelVersion()));
        assertThat(Files.readString(version.resolve(StoreKeys.CURVES), StandardCharsets.UTF_8))
                .contains("class=\"finding\" data-kind=\"" + first.kind() + "\"");
        assertThat(Files.readString(version.resolve(StoreKeys.REPORT), StandardCharsets.UTF_8))
                .contains("<h2>Diagnosis</h2>", first.suggestion());
    }
}
