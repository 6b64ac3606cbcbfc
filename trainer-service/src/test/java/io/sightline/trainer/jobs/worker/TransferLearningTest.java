package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.trainer.training.TrainingSpec;
import io.sightline.trainer.training.Checkpoints;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Classifier;
import io.sightline.vision.ModelArtifact;
import io.sightline.vision.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sightline.trainer.jobs.backbone.BackbonePolicy;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.datasets.PublishedDatasets;

/**
 * Transfer learning: a base model trained here on a larger related dataset, then a tiny target dataset
 * trained from it and from scratch in the same budget; frozen weights; fine-tuning; TorchScript backbones.
 */
@Tag("process") // Python writes the TorchScript fixture
@Tag("training") // a base and two targets trained to compare
class TransferLearningTest {

    @TempDir
    static Path storeDir;

    static ArtifactStore store;
    static PublishedModels registry;
    static DatasetManifest target;

    @BeforeAll
    static void trainABaseModel() throws Exception {
        store = new FileArtifactStore(storeDir);
        registry = new PublishedModels(store);
        TestDatasets.publish(store, "shapes-large", "1", new TestDatasets.Split(32, 0, 4), 21);
        // the target: 2 training images per class, a fair test split
        target = TestDatasets.publish(store, "shapes-small", "1", new TestDatasets.Split(2, 0, 20), 99);
        assertThat(worker().run(request("base", "shapes-large",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(3).setBatchSize(8)
                        .setLearningRate(0.002).setImageSize(16).setSeed(1).build()))).isEqualTo(JobOutcome.COMPLETED);
    }

    private static TrainingWorker worker() {
        RecordingEvents events = new RecordingEvents();
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("test").setSendTimeout(Duration.ofSeconds(5))
                .optBackbonePolicy(BackbonePolicy.filesIn(List.of(storeDir))).build(); // its TorchScript fixture
    }

    private static TrainingRequested request(String model, String dataset, TrainingParameters parameters) {
        return new TrainingRequested(UUID.randomUUID().toString(), model, dataset, "1", parameters, "api",
                Instant.now());
    }

    private static double testAccuracy(String model) throws Exception {
        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics(model, "1")));
        return metrics.at("/test/accuracy").asDouble();
    }

    @Test
    void aSmallDatasetScoresHigherFromAPretrainedBaseThanFromScratchInTheSameBudget() throws Exception {
        TrainingParameters scratch = TrainingParameters.builder().setArchitecture("cnn").setEpochs(3).setBatchSize(2)
                .setLearningRate(0.002).setImageSize(16).setSeed(7).build();
        TrainingParameters transfer = TrainingParameters.builder().setArchitecture("transfer").optBaseModel("base")
                .setEpochs(3).setBatchSize(2).setLearningRate(0.002).setImageSize(0).setSeed(7).build();

        assertThat(worker().run(request("small-scratch", "shapes-small", scratch))).isEqualTo(JobOutcome.COMPLETED);
        assertThat(worker().run(request("small-transfer", "shapes-small", transfer))).isEqualTo(JobOutcome.COMPLETED);

        double fromScratch = testAccuracy("small-scratch");
        double fromBase = testAccuracy("small-transfer");
        System.out.printf("6 training images, 3 epochs: from scratch %.3f, from base %.3f%n", fromScratch, fromBase);
        assertThat(fromBase).isGreaterThan(fromScratch).isGreaterThanOrEqualTo(0.8);

        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("small-transfer", "1")));
        assertThat(metrics.at("/lineage/baseModel").asText()).isEqualTo("base:1");
        assertThat(metrics.at("/details/network/base/name").asText()).isEqualTo("cnn");
        assertThat(metrics.at("/details/frozenParameters").asLong()).isPositive();
        assertThat(metrics.at("/details/rationale").asText()).contains("transfer learning").contains("base:1");
        assertThat(new String(store.read(StoreKeys.report("small-transfer", "1")))).contains("base:1");

        // served as any other model: vision loads it and it recognises fresh images
        try (Classifier classifier = ModelArtifact.load(
                store.localFolder(StoreKeys.modelVersion("small-transfer", "1")))) {
            assertThat(classifier.architecture().name()).isEqualTo(ArchitectureSpec.TRANSFER);
            int right = 0;
            for (String className : TestDatasets.CLASSES) {
                for (int i = 0; i < 10; i++) {
                    List<Prediction> top = classifier.classify(
                            List.of(TestDatasets.freshImage(className, 500 + i * 7 + className.length())), 1).get(0);
                    right += top.get(0).label().equals(className) ? 1 : 0;
                }
            }
            // 6 training images: well above chance (10 of 30) is what it can show; 22 when last looked
            assertThat(right).as("fresh images recognised of 30").isGreaterThanOrEqualTo(18);
        }
    }

    @Test
    void theBackboneStaysBitIdenticalInPhaseOneAndOnlyItsTopMovesWhenFineTuned() throws Exception {
        Backbones backbones = new Backbones(store, registry);
        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("transfer")
                .optBaseModel("base:1").setEpochs(2).setBatchSize(4).setLearningRate(0.01).setImageSize(0).setSeed(3)
                .build();
        Backbones.Resolved resolved = backbones.resolve(parameters, 16, target.classes());
        TrainingImages images = TrainingImages.load(store, target, resolved.signature(), TrainingImages.UNLIMITED);
        List<float[]> pretrained = new ArrayList<>();
        Path baseDir = store.localFolder(StoreKeys.modelVersion("base", "1"));
        ArchitectureSpec baseSpec = ModelArtifact.readArchitecture(baseDir);
        try (ai.djl.Model base = ai.djl.Model.newInstance("base")) {
            Block full = io.sightline.vision.Architectures.build(baseSpec);
            full.initialize(base.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(1, 3, 16, 16));
            try (var in = new java.io.DataInputStream(Files.newInputStream(baseDir.resolve(StoreKeys.MODEL_PARAMS)))) {
                full.loadParameters(base.getNDManager(), in);
            }
            Block features = io.sightline.vision.Architectures.featureExtractor(full, baseSpec);
            features.getParameters().values().forEach(p -> pretrained.add(p.getArray().toFloatArray()));
        }

        TrainingSpec spec = TrainingSpec.of(parameters).withImageSize(16);
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, spec, resolved.network(),
                Checkpoints.NONE, "", e -> { })) {
            List<Parameter> backbone = resolved.network().backbone();
            assertThat(backbone).hasSameSizeAs(pretrained);
            for (int i = 0; i < backbone.size(); i++) {
                assertThat(backbone.get(i).getArray().toFloatArray()).as(backbone.get(i).getName())
                        .isEqualTo(pretrained.get(i));
            }
        }

        // an undertrained head (one epoch at a tiny rate), then fine-tuning that improves on it
        TrainingSpec fineTuned = new TrainingSpec("transfer", 16, 1, 4, 1e-5, 3).withFineTuning(2, 1e-2);
        Backbones.Resolved again = backbones.resolve(parameters, 16, target.classes());
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, fineTuned, again.network(),
                Checkpoints.NONE, "", e -> { })) {
            assertThat(trained.history()).extracting(h -> h.phase()).containsExactly("train", "fine-tune",
                    "fine-tune");
            assertThat(trained.bestEpoch()).as("a fine-tuning epoch is the best, so its weights are kept").isGreaterThan(1);
            List<Parameter> top = again.network().fineTuned();
            List<Parameter> backbone = again.network().backbone();
            int changed = 0;
            for (int i = 0; i < backbone.size(); i++) {
                boolean same = java.util.Arrays.equals(backbone.get(i).getArray().toFloatArray(), pretrained.get(i));
                if (!top.contains(backbone.get(i))) {
                    assertThat(same).as("below the top: " + backbone.get(i).getName()).isTrue();
                } else if (!same) {
                    changed++;
                }
            }
            assertThat(changed).as("fine-tuned top tensors that moved").isPositive();
        }
    }

    @Test
    void aTorchScriptFeatureExtractorIsABackboneTooAndTheResultLoadsInVision() throws Exception {
        Path script = Path.of("src/test/resources/torchscript/feature_extractor.py").toAbsolutePath();
        Path module = storeDir.resolve("features.pt");
        assumeTrue(pythonTorch(script, module), "skipped: /usr/bin/python3 cannot import torch (Debian package"
                + " python3-torch), which writes the TorchScript fixture");

        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("transfer")
                .optBaseModel(module.toString()).setEpochs(2).setBatchSize(4).setLearningRate(0.01)
                .optFineTuneLearningRate(1e-3).setImageSize(16).setSeed(3).optFineTuneEpochs(1).build();
        TrainingRequested request = request("small-torchscript", "shapes-small", parameters);
        assertThat(worker().run(request)).isEqualTo(JobOutcome.COMPLETED);

        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("small-torchscript", "1")));
        assertThat(metrics.at("/details/network/backbone").asText()).isEqualTo("torchscript");
        assertThat(metrics.at("/history")).hasSize(3);
        try (Classifier classifier = ModelArtifact.load(
                store.localFolder(StoreKeys.modelVersion("small-torchscript", "1")))) {
            float[][] p = classifier.probabilities(List.of(classifier.preprocessor().preprocess(
                    TestDatasets.freshImage("disc", 1))));
            assertThat(p[0]).hasSize(3);
        }

        // phase one leaves the TorchScript weights as they were
        Backbones.Resolved resolved = new Backbones(store, registry, BackbonePolicy.filesIn(List.of(storeDir)))
                .resolve(parameters, 16, target.classes());
        TrainingImages images = TrainingImages.load(store, target, resolved.signature(), TrainingImages.UNLIMITED);
        TrainingSpec phaseOne = new TrainingSpec("transfer", 16, 1, 4, 0.01, 3);
        List<float[]> before = new ArrayList<>();
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, phaseOne, new CapturingNetwork(
                resolved.network(), before), Checkpoints.NONE, "", e -> { })) {
            List<Parameter> backbone = resolved.network().backbone();
            assertThat(backbone).isNotEmpty().hasSameSizeAs(before);
            for (int i = 0; i < backbone.size(); i++) {
                assertThat(backbone.get(i).getArray().toFloatArray()).isEqualTo(before.get(i));
            }
        }
    }

    private static boolean pythonTorch(Path script, Path out) {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(out) > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Records the backbone's weights as loaded, before training touches them. */
    record CapturingNetwork(io.sightline.trainer.training.Network inner, List<float[]> before)
            implements io.sightline.trainer.training.Network {
        @Override
        public ArchitectureSpec architecture() {
            return inner.architecture();
        }

        @Override
        public Block build(ai.djl.ndarray.NDManager manager) throws io.sightline.trainer.training.TrainingFailure {
            return inner.build(manager);
        }

        @Override
        public void loadPretrained(ai.djl.ndarray.NDManager manager) throws io.sightline.trainer.training.TrainingFailure {
            inner.loadPretrained(manager);
            inner.backbone().forEach(p -> before.add(p.getArray().toFloatArray()));
        }

        @Override
        public List<Parameter> backbone() {
            return inner.backbone();
        }

        @Override
        public List<Parameter> fineTuned() {
            return inner.fineTuned();
        }

        @Override
        public void fineTuning(boolean on) {
            inner.fineTuning(on);
        }
    }
}
