package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.registry.ChampionGate;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.registry.PromotionPolicy;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.vision.Classifier;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.ModelArtifact;
import io.sightline.vision.Prediction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.board.TrainingJob;

class TrainingWorkerTest {

    @TempDir
    static Path storeDir;

    static ArtifactStore store;
    static DatasetManifest shapes;

    RecordingEvents events;
    JobBoard board;
    PublishedModels registry;
    SimpleMeterRegistry meters;

    @BeforeAll
    static void generateDataset() throws Exception {
        store = new FileArtifactStore(storeDir);
        shapes = TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(16, 4, 6), 1);
    }

    @BeforeEach
    void freshWorld() {
        events = new RecordingEvents();
        board = new JobBoard();
        registry = new PublishedModels(store);
        meters = new SimpleMeterRegistry();
    }

    private TrainingWorker worker(PromotionPolicy policy) {
        Promoter promoter = new Promoter(registry, policy, events, Clock.systemUTC(), Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(board).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(meters).setClock(Clock.systemUTC()).setWorkerName("test-worker")
                .setSendTimeout(Duration.ofSeconds(5)).build();
    }

    private TrainingWorker worker() {
        return worker(new MinimumAccuracyGate(0.0));
    }

    private static TrainingRequested request(String model, String datasetVersion, TrainingParameters parameters) {
        return new TrainingRequested(UUID.randomUUID().toString(), model, "shapes", datasetVersion, parameters, "api",
                Instant.now());
    }

    private static TrainingParameters cnn(int epochs) {
        return TrainingParameters.builder().setArchitecture("cnn").setEpochs(epochs).setBatchSize(8)
                .setLearningRate(0.002).setImageSize(16).setSeed(42).build();
    }

    @Test
    void trainsPublishesAndPromotesAVersionThatClassifiesNewImages() throws Exception {
        TrainingRequested request = request("shapes-clf", "1", cnn(3));

        JobOutcome outcome = worker().run(request);

        assertThat(outcome).isEqualTo(JobOutcome.COMPLETED);
        assertThat(events.all()).extracting(e -> e.getClass().getSimpleName()).containsExactly("TrainingStarted",
                "TrainingEpoch", "TrainingEpoch", "TrainingEpoch", "TrainingCompleted", "ModelPromoted");
        TrainingStarted started = events.of(TrainingStarted.class).get(0);
        assertThat(started.worker()).isEqualTo("test-worker");
        assertThat(started.parameters()).isEqualTo(cnn(3));
        assertThat(events.of(TrainingEpoch.class)).extracting(TrainingEpoch::epoch).containsExactly(1, 2, 3);
        assertThat(events.of(TrainingEpoch.class)).allSatisfy(e -> {
            assertThat(e.jobId()).isEqualTo(request.jobId());
            assertThat(e.validationAccuracy()).isNotNull();
            assertThat(e.imagesPerSecond()).isPositive();
        });
        TrainingCompleted completed = events.of(TrainingCompleted.class).get(0);
        assertThat(completed.modelVersion()).isEqualTo("1");
        assertThat(completed.artifactKey()).isEqualTo(StoreKeys.modelVersion("shapes-clf", "1"));
        assertThat(completed.testAccuracy()).isGreaterThanOrEqualTo(0.8);
        ModelPromoted promoted = events.of(ModelPromoted.class).get(0);
        assertThat(promoted.version()).isEqualTo("1");
        assertThat(promoted.jobId()).isEqualTo(request.jobId());
        assertThat(promoted.datasetVersion()).isEqualTo("1");

        // the artefact serves: a fresh image of every class is recognised
        try (Classifier classifier = ModelArtifact.load(store.localFolder(StoreKeys.modelVersion("shapes-clf", "1")))) {
            for (String className : TestDatasets.CLASSES) {
                List<List<Prediction>> top = classifier.classify(
                        List.of(TestDatasets.freshImage(className, 1000 + className.length())), 1);
                assertThat(top.get(0).get(0).label()).as("fresh %s image", className).isEqualTo(className);
            }
        }

        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("shapes-clf", "1")));
        int testImages = shapes.entries(DatasetManifest.TEST).size();
        int confusionSum = 0;
        for (JsonNode row : metrics.at("/test/confusionMatrix")) {
            for (JsonNode cell : row) {
                confusionSum += cell.asInt();
            }
        }
        assertThat(confusionSum).isEqualTo(testImages).isEqualTo(metrics.at("/test/count").asInt());
        assertThat(metrics.at("/test/classes")).hasSize(3);
        assertThat(metrics.at("/test/classes/0/f1").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.at("/test/accuracy").asDouble()).isEqualTo(completed.testAccuracy());
        assertThat(metrics.at("/history")).hasSize(3);
        assertThat(metrics.at("/parameters/learningRate").asDouble()).isEqualTo(0.002);
        assertThat(metrics.at("/lineage/jobId").asText()).isEqualTo(request.jobId());
        assertThat(metrics.at("/lineage/datasetDigest").asText()).isEqualTo(shapes.digest());
        assertThat(metrics.at("/images/train").asInt()).isEqualTo(shapes.entries(DatasetManifest.TRAIN).size());
        assertThat(metrics.at("/timings/trainingMs").asLong()).isPositive();
        assertThat(metrics.at("/timings/totalMs").asLong())
                .isGreaterThanOrEqualTo(metrics.at("/timings/trainingMs").asLong());
        assertThat(metrics.at("/startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        assertThat(metrics.at("/details/environment/pytorch").asText()).isNotBlank();
        assertThat(metrics.at("/details/bestEpoch").asInt()).isBetween(1, 3);
        // the epoch was chosen on the dataset's own validation split, and the report says so
        assertThat(metrics.at("/details/validation/source").asText()).isEqualTo("dataset");
        assertThat(metrics.at("/details/rationale").asText()).contains("small CNN").contains("from scratch");

        // what people read: curves with three panels (loss, accuracy, learning rate) and the report around them
        String svg = new String(store.read(StoreKeys.curves("shapes-clf", "1")),
                java.nio.charset.StandardCharsets.UTF_8);
        org.w3c.dom.Document curves = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(curves.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(curves.getElementsByTagName("polyline").getLength()).isEqualTo(5);
        assertThat(svg).contains("id=\"loss\"").contains("id=\"accuracy\"").contains("id=\"learning-rate\"")
                .contains("validation (val)").contains("best-epoch");
        String html = new String(store.read(StoreKeys.report("shapes-clf", "1")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("<svg").contains("Confusion matrix").contains("PyTorch").contains("DJL")
                .contains("Java").contains("CPU").contains("OS").contains("artefact write").contains("training")
                .contains(shapes.digest()).contains("small CNN").contains("learning rate (peak)")
                .contains("Validation: the epoch is chosen on the dataset's validation split");

        assertThat(registry.champion("shapes-clf")).map(Champion::version).contains("1");
        TrainingJob job = board.find(request.jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.epochs()).hasSize(3);
        assertThat(job.modelVersion()).isEqualTo("1");
        assertThat(job.promoted()).isTrue();
        assertThat(meters.counter("sightline.trainer.jobs", "outcome", "completed").count()).isEqualTo(1);
        assertThat(meters.find("sightline.trainer.training.duration").timer().count()).isEqualTo(1);
    }

    @Test
    void aRedeliveredJobIsAnnouncedAgainNotTrainedAgain() throws Exception {
        TrainingRequested request = request("redelivered", "1", cnn(1));
        TrainingWorker worker = worker();
        worker.run(request);
        ModelPromoted first = events.of(ModelPromoted.class).get(0);
        events.clear();

        JobOutcome again = worker.run(request);

        assertThat(again).isEqualTo(JobOutcome.SKIPPED);
        assertThat(registry.versions("redelivered")).containsExactly("1");
        assertThat(events.of(TrainingStarted.class)).isEmpty();
        assertThat(events.of(TrainingCompleted.class)).singleElement()
                .satisfies(c -> assertThat(c.modelVersion()).isEqualTo("1"));
        assertThat(events.of(ModelPromoted.class)).singleElement()
                .satisfies(p -> assertThat(p.eventId()).isEqualTo(first.eventId()));
    }

    @Test
    void theSameRequestOnTwoConsumersOfOneInstanceWaitsForTheRunningOneAndTrainsOnce() throws Exception {
        TrainingRequested request = request("twice-here", "1", cnn(3));
        TrainingWorker worker = worker();
        CountDownLatch started = new CountDownLatch(1);
        board.subscribe(change -> {
            if ("started".equals(change.kind())) {
                started.countDown();
            }
        });
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            Future<JobOutcome> first = consumers.submit(() -> worker.run(request));
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            Future<JobOutcome> second = consumers.submit(() -> worker.run(request)); // a rebalance between consumers

            // the repeat is not acknowledged while the job is still in flight: it returns only after the run
            assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(JobOutcome.COMPLETED);
            assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(JobOutcome.SKIPPED);
        } finally {
            consumers.shutdownNow();
        }
        assertThat(registry.versions("twice-here")).containsExactly("1");
        assertThat(events.of(TrainingStarted.class)).hasSize(1);
        assertThat(events.of(TrainingCompleted.class)).hasSize(2) // the repeat announces the same version again
                .allSatisfy(c -> assertThat(c.modelVersion()).isEqualTo("1"));
    }

    @Test
    void theNextJobTakesTheNextVersionAndAnOldVersionCanBePromotedBack() throws Exception {
        TrainingWorker worker = worker();
        worker.run(request("two-jobs", "1", cnn(1)));
        worker.run(request("two-jobs", "1", cnn(1)));

        assertThat(registry.versions("two-jobs")).containsExactly("1", "2");
        assertThat(registry.champion("two-jobs")).map(Champion::version).contains("2");
        assertThat(registry.detail("two-jobs").versions()).extracting(v -> v.version() + ":" + v.champion())
                .containsExactly("2:true", "1:false");

        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        ModelPromoted rollback = promoter.promote("two-jobs", "1");

        assertThat(rollback.version()).isEqualTo("1");
        assertThat(rollback.artifactKey()).isEqualTo(StoreKeys.modelVersion("two-jobs", "1"));
        assertThat(registry.champion("two-jobs")).map(Champion::version).contains("1");
        assertThat(events.of(ModelPromoted.class)).extracting(ModelPromoted::eventId).doesNotHaveDuplicates();
        assertThatThrownBy(() -> promoter.promote("two-jobs", "3")).hasMessage("model two-jobs has no version 3");
    }

    @Test
    void aDatasetsClassNamesReachTheSignatureThePredictionsAndTheReport() throws Exception {
        // the names file covers two of the three classes: the third keeps its id as its name
        DatasetManifest named = TestDatasets.publish(store, "named-shapes", "1", new TestDatasets.Split(8, 0, 2), 3,
                Map.of("disc", "Round disc", "vertical", "Vertical <stripes>"));
        TrainingRequested request = new TrainingRequested(UUID.randomUUID().toString(), "named-clf", "named-shapes",
                "1", cnn(1), "api", Instant.now());

        assertThat(worker().run(request)).isEqualTo(JobOutcome.COMPLETED);

        Path dir = store.localFolder(StoreKeys.modelVersion("named-clf", "1"));
        ImageSignature signature = ModelArtifact.readSignature(dir);
        assertThat(signature.classes()).isEqualTo(named.classes());
        assertThat(signature.names()).containsExactly("Round disc", "horizontal", "Vertical <stripes>");
        try (Classifier classifier = ModelArtifact.load(dir)) {
            List<Prediction> all = classifier.classify(List.of(TestDatasets.freshImage("disc", 7)), 3).get(0);
            assertThat(all).extracting(p -> p.label() + "=" + p.name()).containsExactlyInAnyOrder(
                    "disc=Round disc", "horizontal=horizontal", "vertical=Vertical <stripes>");
        }
        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("named-clf", "1")));
        assertThat(metrics.at("/test/classes/0/name").asText()).isEqualTo("disc");
        assertThat(metrics.at("/test/classes/0/displayName").asText()).isEqualTo("Round disc");
        String html = new String(store.read(StoreKeys.report("named-clf", "1")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("<th class=\"l\">name</th>").contains("<td class=\"l\">Round disc</td>")
                .contains("disc (Round disc)").contains("vertical (Vertical &lt;stripes&gt;)");
    }

    @Test
    void withoutClassNamesTheSignatureHasNoNamesAndTheReportNoNameColumn() throws Exception {
        assertThat(worker().run(request("plain-clf", "1", cnn(1)))).isEqualTo(JobOutcome.COMPLETED);

        Path dir = store.localFolder(StoreKeys.modelVersion("plain-clf", "1"));
        assertThat(ModelArtifact.readSignature(dir).names()).isNull();
        String html = new String(store.read(StoreKeys.report("plain-clf", "1")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("Per class (test)").doesNotContain("<th class=\"l\">name</th>");
    }

    @Test
    void aVersionTheGateRejectsIsPublishedButNotPromoted() throws Exception {
        PromotionPolicy never = (candidate, champion) -> PromotionDecision.keep("not good enough");
        TrainingRequested request = request("gated", "1", cnn(1));

        assertThat(worker(never).run(request)).isEqualTo(JobOutcome.COMPLETED);

        assertThat(registry.versions("gated")).containsExactly("1");
        assertThat(events.of(ModelPromoted.class)).isEmpty();
        assertThat(registry.champion("gated")).isEmpty();
        TrainingJob job = board.find(request.jobId()).orElseThrow();
        assertThat(job.promoted()).isFalse();
        assertThat(job.promotion()).isEqualTo("not good enough");
    }

    @Test
    void aNewVersionWorseThanTheChampionOnTheSameTestSplitStaysACandidateWithTheReason() throws Exception {
        TrainingWorker worker = worker(new ChampionGate(0.0, 0.0));
        worker.run(request("gate", "1", cnn(3)));
        assertThat(registry.champion("gate")).map(Champion::version).contains("1");

        // one epoch at a tiny rate: far worse than the champion on the same split
        TrainingRequested weak = request("gate", "1", TrainingParameters.builder().setArchitecture("cnn").setEpochs(1)
                .setBatchSize(8).setLearningRate(1e-6).setImageSize(16).setSeed(5).build());
        assertThat(worker.run(weak)).isEqualTo(JobOutcome.COMPLETED);

        assertThat(registry.versions("gate")).containsExactly("1", "2");
        assertThat(registry.champion("gate")).map(Champion::version).contains("1");
        TrainingJob job = board.find(weak.jobId()).orElseThrow();
        assertThat(job.promoted()).isFalse();
        assertThat(job.promotion()).contains("is below champion version 1's").contains("same test split");
        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("gate", "2")));
        assertThat(metrics.at("/champion/version").asText()).isEqualTo("1");
        assertThat(metrics.at("/champion/accuracy").asDouble()).isGreaterThan(metrics.at("/test/accuracy").asDouble());

        // the manual promote endpoint remains the override
        Promoter promoter = new Promoter(registry, new ChampionGate(0.0, 0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        promoter.promote("gate", "2");
        assertThat(registry.champion("gate")).map(Champion::version).contains("2");
    }

    @Test
    void aChampionPromotedWhileTheJobTrainsIsTheOneItIsComparedWith() throws Exception {
        worker().run(request("swap", "1", cnn(1))); // version 1, the champion
        worker((candidate, champion) -> PromotionDecision.keep("held back")).run(request("swap", "1", cnn(1)));
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        events = new RecordingEvents() {
            @Override
            public java.util.concurrent.CompletionStage<Void> epoch(io.sightline.events.TrainingEpoch event) {
                if (event.epoch() == 1) { // the champion was measured early, at the job's start: now it changes
                    try {
                        promoter.promote("swap", "2");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return super.epoch(event);
            }
        };

        assertThat(worker().run(request("swap", "1", cnn(2)))).isEqualTo(JobOutcome.COMPLETED);

        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("swap", "3")));
        assertThat(metrics.at("/champion/version").asText()).isEqualTo("2");
    }

    @Test
    void aDatasetVersionMissingFromTheStoreFailsTheJobWithAReason() {
        TrainingRequested request = request("orphan", "9", cnn(1));

        assertThat(worker().run(request)).isEqualTo(JobOutcome.FAILED);

        assertThat(events.all()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("TrainingStarted", "TrainingFailed");
        assertThat(events.of(TrainingFailed.class).get(0).reason())
                .contains("dataset shapes version 9 is not in the store");
        assertThat(board.find(request.jobId()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(meters.counter("sightline.trainer.jobs", "outcome", "failed").count()).isEqualTo(1);
    }

    @Test
    void parametersOutOfBoundsFailTheJob() {
        TrainingRequested request = request("bad", "1", TrainingParameters.builder().setArchitecture("transfer")
                .optBaseModel("x").setEpochs(0).setBatchSize(8).setLearningRate(0.1).setImageSize(0).setSeed(1)
                .build());

        assertThat(worker().run(request)).isEqualTo(JobOutcome.FAILED);

        assertThat(events.of(TrainingFailed.class).get(0).reason())
                .contains("epochs must be between 1 and 1000, got 0");
    }

    @Test
    void anOutcomeThatCannotBeDeliveredEscapesSoTheRequestComesBack() {
        events.failWith(new IllegalStateException("broker down"));

        assertThatThrownBy(() -> worker().run(request("undelivered", "1", cnn(1))))
                .isInstanceOf(EventDeliveryException.class)
                .hasMessageContaining("broker down");
    }
}
