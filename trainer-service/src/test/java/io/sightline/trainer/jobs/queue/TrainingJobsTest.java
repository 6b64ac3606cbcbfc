package io.sightline.trainer.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sightline.events.DatasetSplit;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.registry.PublishedModels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.board.TrainingJob;

class TrainingJobsTest {

    @TempDir
    static Path storeDir;

    static ArtifactStore store;

    RecordingEvents events;
    TrainingJobs jobs;

    @BeforeAll
    static void generateDatasets() throws Exception {
        store = new FileArtifactStore(storeDir);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(2, 0, 1), 1);
        TestDatasets.publish(store, "shapes", "2", new TestDatasets.Split(11, 0, 1), 2);
        TestDatasets.publish(store, "shapes", "10", new TestDatasets.Split(11, 0, 1), 3);
        DatasetManifest noTest = TestDatasets.publish(store, "shapes-notest", "1", new TestDatasets.Split(2, 0, 0), 4);
        assertThat(noTest.entries(DatasetManifest.TEST)).isEmpty();
        // a version still being written has no manifest yet
        store.write(StoreKeys.datasetVersion("shapes", "11") + "/partial.txt", new byte[0]);
    }

    @BeforeEach
    void freshService() {
        events = new RecordingEvents();
        jobs = new TrainingJobs(new PublishedDatasets(store), new PublishedModels(store), new JobBoard(), events,
                List.of(new RetrainRule("shapes", "shapes-auto", TrainingParameters.builder().setArchitecture("cnn")
                        .setEpochs(2).setBatchSize(16).setLearningRate(0.01).setImageSize(0).setSeed(3).build())),
                Clock.systemUTC(), Duration.ofSeconds(5));
    }

    private static JobRequest request(String model, String dataset, String version) {
        return JobRequest.builder(model, dataset).optDatasetVersion(version).build();
    }

    @Test
    void aValidRequestIsQueuedOnTheNewestVersionWithDefaults() throws Exception {
        TrainingJob job = jobs.submit(request("clf", "shapes", null));

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.datasetVersion()).isEqualTo("10");
        TrainingRequested sent = events.of(TrainingRequested.class).get(0);
        assertThat(sent.jobId()).isEqualTo(job.jobId());
        assertThat(sent.trigger()).isEqualTo("api");
        // batch size 0: the worker sizes it to the dataset version's training split
        assertThat(sent.parameters()).isEqualTo(TrainingParameters.builder().setArchitecture("cnn").setEpochs(5)
                .setBatchSize(0).setLearningRate(0.001).setImageSize(0).setSeed(42).build());
        assertThat(jobs.get(job.jobId())).isEqualTo(job);
    }

    @Test
    void anExplicitVersionIsKept() throws Exception {
        assertThat(jobs.submit(request("clf", "shapes", "2")).datasetVersion()).isEqualTo("2");
    }

    @Test
    void everyProblemOfARequestIsNamed() {
        JobRequest bad = JobRequest.builder("bad name", "").optArchitecture("vgg").optEpochs(0).optBatchSize(5000)
                .optLearningRate(1.5).optImageSize(4).build();

        assertThatThrownBy(() -> jobs.submit(bad))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("model must be 1-128 letters")
                .hasMessageContaining("dataset is required")
                .hasMessageContaining("architecture must be one of [cnn, mobilenet_v2, resnet18] or transfer, got: vgg")
                .hasMessageContaining("epochs must be between 1 and 1000, got 0")
                .hasMessageContaining("batchSize must be between 1 and 4096 (0: sized to the dataset), got 5000")
                .hasMessageContaining("learningRate must be above 0 and below 1, got 1.5");
        assertThat(events.all()).isEmpty();
    }

    @Test
    void labelsOutsideTheRulesAreRefusedWithTheReason() {
        JobRequest labelled = JobRequest.builder("clf", "shapes").optLabels(java.util.Map.of("Team", "a")).build();

        assertThatThrownBy(() -> jobs.submit(labelled)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("label key 'Team' is not 1 to 63 of a-z");
        assertThat(events.all()).isEmpty();
    }

    @Test
    void aBatchLargerThanTheTrainingSplitIsRefused() {
        JobRequest big = JobRequest.builder("clf", "shapes").optDatasetVersion("1").optEpochs(1).optBatchSize(7)
                .build();

        assertThatThrownBy(() -> jobs.submit(big)).isInstanceOf(InvalidJobException.class)
                .hasMessage("batchSize 7 is larger than the 6 training images of dataset shapes version 1");
        assertThat(events.all()).isEmpty();
    }

    @Test
    void aBurstOfSplitsIsDebouncedIntoOneJobOnTheNewest() throws Exception {
        TrainingJobs debounced = TrainingJobs.builder().setDatasets(new PublishedDatasets(store))
                .setModels(new PublishedModels(store)).setBoard(new JobBoard()).setEvents(events)
                .setRetrainRules(List.of(new RetrainRule("shapes", "shapes-auto", TrainingParameters.builder()
                        .setArchitecture("cnn").setEpochs(2).setBatchSize(16).setLearningRate(0.01).setImageSize(0)
                        .setSeed(3).build())))
                .setClock(Clock.systemUTC()).setSendTimeout(Duration.ofSeconds(5)).optDebounce(Duration.ofMillis(300))
                .build();

        var first = debounced.retrainWhenQuiet(split("burst-1", "shapes", "1")).toCompletableFuture();
        var second = debounced.retrainWhenQuiet(split("burst-2", "shapes", "2")).toCompletableFuture();
        var last = debounced.retrainWhenQuiet(split("burst-3", "shapes", "10")).toCompletableFuture();
        assertThat(events.all()).isEmpty();
        // the replaced splits are settled at once (their records may be acknowledged); the newest waits
        assertThat(first).isCompletedWithValue(Optional.empty());
        assertThat(second).isCompletedWithValue(Optional.empty());
        assertThat(last).isNotDone();

        TrainingJob job = last.get(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(job.datasetVersion()).isEqualTo("10");
        // the burst is queued once, and nothing more arrives once it is
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(events.of(TrainingRequested.class)).singleElement()
                        .satisfies(r -> assertThat(r.jobId()).isEqualTo(job.jobId())));
    }

    @Test
    void aDebouncedRetrainThatCannotBeQueuedFailsItsStageSoTheSplitIsNotAcknowledged() {
        events.failWith(new IllegalStateException("broker down"));
        TrainingJobs debounced = TrainingJobs.builder().setDatasets(new PublishedDatasets(store))
                .setModels(new PublishedModels(store)).setBoard(new JobBoard()).setEvents(events)
                .setRetrainRules(List.of(new RetrainRule("shapes", "shapes-auto", TrainingParameters.builder()
                        .setArchitecture("cnn").setEpochs(2).setBatchSize(16).setLearningRate(0.01).setImageSize(0)
                        .setSeed(3).build())))
                .setClock(Clock.systemUTC()).setSendTimeout(Duration.ofSeconds(5)).optDebounce(Duration.ofMillis(50))
                .build();

        var settled = debounced.retrainWhenQuiet(split("down-1", "shapes", "10")).toCompletableFuture();

        assertThatThrownBy(() -> settled.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(EventDeliveryException.class);
    }

    @Test
    void aRetrainWhoseBatchIsLargerThanTheNewSplitIsRecordedAsFailedAndNotQueued() throws Exception {
        // the binding's batch of 16 fits version 10 (33 training images) but not version 1 (6)
        TrainingJob job = jobs.retrain(split("small-1", "shapes", "1")).orElseThrow();

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.reason()).isEqualTo("the retrain binding's batchSize 16 is larger than the 6 training images"
                + " of dataset shapes version 1");
        assertThat(events.of(TrainingRequested.class)).isEmpty();
        assertThat(events.of(TrainingFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(job.reason()));
    }

    @Test
    void theDatasetMustExistAndBeTrainable() {
        assertThatThrownBy(() -> jobs.submit(request("clf", "nope", null)))
                .hasMessage("dataset nope has no published version; import it first");
        assertThatThrownBy(() -> jobs.submit(request("clf", "shapes", "11")))
                .hasMessage("dataset shapes has no published version 11");
        assertThatThrownBy(() -> jobs.submit(request("clf", "shapes-notest", null)))
                .hasMessageContaining("has no test images");
    }

    @Test
    void aJobThatCannotBeQueuedIsAnsweredAndRecordedAsFailed() {
        events.failWith(new IllegalStateException("broker down"));

        assertThatThrownBy(() -> jobs.submit(request("clf", "shapes", null)))
                .isInstanceOf(EventDeliveryException.class);
        assertThat(jobs.list()).singleElement().satisfies(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.reason()).contains("could not be queued").contains("broker down");
        });
    }

    @Test
    void aSplitOfABoundDatasetQueuesOneJobPerEvent() throws Exception {
        DatasetSplit split = split("evt-1", "shapes", "10");

        TrainingJob job = jobs.retrain(split).orElseThrow();
        jobs.retrain(split); // redelivered

        assertThat(events.of(TrainingRequested.class)).singleElement().satisfies(sent -> {
            assertThat(sent.jobId()).isEqualTo(job.jobId());
            assertThat(sent.model()).isEqualTo("shapes-auto");
            assertThat(sent.datasetVersion()).isEqualTo("10");
            assertThat(sent.trigger()).isEqualTo("retrain:shapes");
            assertThat(sent.parameters().epochs()).isEqualTo(2);
        });
        // the id depends on the event only: another instance (or this one after a restart) derives the same
        RetrainRule rule = jobs.retrainRules().get("shapes");
        assertThat(TrainingJobs.retrainJobId(split, rule)).isEqualTo(job.jobId());
        assertThat(TrainingJobs.retrainJobId(split("evt-2", "shapes", "10"), rule)).isNotEqualTo(job.jobId());
    }

    @Test
    void aSplitOfAnUnboundDatasetIsIgnored() throws Exception {
        assertThat(jobs.retrain(split("evt-3", "other", "1"))).isEmpty();
        assertThat(events.all()).isEmpty();
    }

    @Test
    void anInvalidRetrainBindingStopsTheServiceWithItsProblem() {
        List<RetrainRule> rules = List.of(new RetrainRule("shapes", "shapes-auto",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(0).setBatchSize(16)
                        .setLearningRate(0.01).setImageSize(0).setSeed(3).build()));

        assertThatThrownBy(() -> new TrainingJobs(new PublishedDatasets(store), new PublishedModels(store), new JobBoard(),
                events, rules, Clock.systemUTC(), Duration.ofSeconds(1)))
                .hasMessage("retrain binding for dataset shapes: epochs must be between 1 and 1000, got 0");
    }

    @Test
    void anUnknownJobIsReportedByItsId() {
        assertThatThrownBy(() -> jobs.get("nope")).isInstanceOf(UnknownResourceException.class)
                .hasMessage("no training job nope");
    }

    @Test
    void theSameSplitHeardTwiceQueuesOneRetrain() throws Exception {
        // the outbox sends a split again when it cannot tell whether the broker took it: same id, same content
        DatasetSplit split = split("relayed-1", "shapes", "10");

        TrainingJob first = jobs.retrainWhenQuiet(split).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
        Optional<TrainingJob> again = jobs.retrainWhenQuiet(split).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(again.map(TrainingJob::jobId)).contains(first.jobId());
        assertThat(events.of(TrainingRequested.class)).singleElement()
                .satisfies(r -> assertThat(r.jobId()).isEqualTo(first.jobId()));
    }

    private static DatasetSplit split(String eventId, String dataset, String version) {
        return new DatasetSplit(eventId, dataset, version, "digest", StoreKeys.manifest(dataset, version),
                TestDatasets.CLASSES, Map.of(), 0.2, 0.1, 1, Instant.now());
    }
}
