package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import io.sightline.trainer.training.Checkpoints;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.trainer.training.TrainingSpec;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import io.sightline.vision.Classifier;
import io.sightline.vision.ModelArtifact;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.sightline.trainer.jobs.backbone.Backbones;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.queue.ParameterRules;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.datasets.PublishedDatasets;

/**
 * The model-zoo networks as transfer bases: a tiny {@code mobilenet_v2} or {@code resnet18} trained here from
 * scratch (32 px, the smallest they take; one step on six images: only the mechanics are under test), then
 * a two-class job on top of it whose backbone stays as pretrained and whose head answers two classes.
 */
@Tag("training") // mobilenet_v2 and resnet18 built and trained
class ZooBaseTransferTest {

    private static final int SIZE = ParameterRules.MIN_ZOO_IMAGE_SIZE;

    @TempDir
    static Path storeDir;

    static ArtifactStore store;
    static PublishedModels registry;
    static DatasetManifest target;

    @BeforeAll
    static void publishDatasets() throws Exception {
        store = new FileArtifactStore(storeDir);
        registry = new PublishedModels(store);
        TestDatasets.publish(store, "zoo-base", "1", new TestDatasets.Split(2, 0, 1), 5);
        // the target has two classes where the bases have three, so the head cannot be the base's
        DatasetManifest three = TestDatasets.publish(store, "zoo-three", "1", new TestDatasets.Split(2, 0, 2), 6);
        List<String> two = List.of("disc", "vertical");
        target = TestDatasets.publish(store, "zoo-target", "1", two,
                three.entries().stream().filter(e -> two.contains(e.className())).toList());
    }

    private static TrainingWorker worker() {
        RecordingEvents events = new RecordingEvents();
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                .setClock(Clock.systemUTC()).setWorkerName("test").setSendTimeout(Duration.ofSeconds(5)).build();
    }

    private static JobOutcome train(String model, String dataset, TrainingParameters parameters) {
        return worker().run(new TrainingRequested(UUID.randomUUID().toString(), model, dataset, "1", parameters, "api",
                Instant.now()));
    }

    @ParameterizedTest
    @ValueSource(strings = {ArchitectureSpec.MOBILENET_V2, ArchitectureSpec.RESNET18})
    void aZooNetworkTrainedHereIsABaseWhoseBackboneStaysFrozenUnderANewHead(String architecture) throws Exception {
        String base = architecture.replace('_', '-') + "-base";
        assertThat(train(base, "zoo-base", TrainingParameters.builder().setArchitecture(architecture).setEpochs(1)
                .setBatchSize(6).setLearningRate(0.01).setImageSize(SIZE).setSeed(1).build()))
                .isEqualTo(JobOutcome.COMPLETED);

        String transfer = architecture.replace('_', '-') + "-transfer";
        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("transfer").optBaseModel(base)
                .setEpochs(1).setBatchSize(2).setLearningRate(0.01).setImageSize(0).setSeed(2).build();
        assertThat(train(transfer, "zoo-target", parameters)).isEqualTo(JobOutcome.COMPLETED);

        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics(transfer, "1")));
        assertThat(metrics.at("/lineage/baseModel").asText()).isEqualTo(base + ":1");
        assertThat(metrics.at("/details/network/base/name").asText()).isEqualTo(architecture);
        assertThat(metrics.at("/parameters/imageSize").asInt()).as("the base's input size").isEqualTo(SIZE);
        try (Classifier classifier = ModelArtifact.load(store.localFolder(StoreKeys.modelVersion(transfer, "1")))) {
            assertThat(classifier.architecture().classes()).isEqualTo(2);
            assertThat(classifier.signature().classes()).containsExactly("disc", "vertical");
            assertThat(classifier.classify(List.of(TestDatasets.freshImage("disc", 3)), 5).get(0)).hasSize(2);
        }

        // phase one leaves every backbone tensor as the base was trained, bit for bit
        ArchitectureSpec baseSpec = ModelArtifact.readArchitecture(
                store.localFolder(StoreKeys.modelVersion(base, "1")));
        List<float[]> pretrained = new ArrayList<>();
        int baseParameters;
        try (Model model = Model.newInstance("base")) {
            Block full = Architectures.build(baseSpec);
            full.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            Path params = store.localFolder(StoreKeys.modelVersion(base, "1")).resolve(StoreKeys.MODEL_PARAMS);
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
                full.loadParameters(model.getNDManager(), in);
            }
            baseParameters = full.getParameters().size();
            Architectures.featureExtractor(full, baseSpec).getParameters().values()
                    .forEach(p -> pretrained.add(p.getArray().toFloatArray()));
        }
        Backbones.Resolved resolved = new Backbones(store, registry).resolve(parameters, SIZE, target.classes());
        TrainingImages images = TrainingImages.load(store, target, resolved.signature(), TrainingImages.UNLIMITED);
        try (TrainedModel trained = new ImageClassifierTrainer().train(images,
                TrainingSpec.of(parameters).withImageSize(SIZE), resolved.network(), Checkpoints.NONE, "", e -> { })) {
            List<Parameter> backbone = resolved.network().backbone();
            assertThat(backbone).as("the base without its classifier's weight and bias")
                    .hasSize(baseParameters - 2).hasSameSizeAs(pretrained);
            for (int i = 0; i < backbone.size(); i++) {
                assertThat(backbone.get(i).getArray().toFloatArray()).as(backbone.get(i).getName())
                        .isEqualTo(pretrained.get(i));
            }
        }
    }
}
