package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.FashionPictures;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import io.sightline.vision.ImageSignature;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer learning on real pictures: a base learns 8 Fashion-MNIST classes; the task is the other two (T-shirt/top
 * against shirt, the pair people confuse) from 40 pictures each, judged on 1,000 test pictures.
 */
@Tag("training") // real pictures, a base and a target trained
class TransferOnRealPicturesTest {

    static final List<Integer> TASK_CLASSES = List.of(0, 6);
    static final List<Integer> BASE_CLASSES = List.of(1, 2, 3, 4, 5, 7, 8, 9);
    static final int SIZE = 28;

    @TempDir
    static Path baseDir;

    static ArchitectureSpec baseArchitecture;
    static TrainingImages task;

    @BeforeAll
    static void trainABaseOnTheOtherClasses() throws Exception {
        assumeTrue(FashionPictures.available(), FashionPictures.MISSING);
        FashionPictures train = FashionPictures.read("train");
        FashionPictures test = FashionPictures.read("t10k");
        ImageSignature baseSignature = ImageSignature.rgb(SIZE, BASE_CLASSES.stream().map(c -> "c" + c).toList());
        TrainingImages base = new TrainingImages(null, baseSignature,
                train.split("train", BASE_CLASSES, 0, 1500, baseSignature),
                train.split("val", BASE_CLASSES, 30_000, 25, baseSignature),
                test.split("test", BASE_CLASSES, 0, 50, baseSignature), 0);
        try (TrainedModel trained = new ImageClassifierTrainer(0).train(base,
                new TrainingSpec("cnn", SIZE, 2, 128, 1e-3, 3), e -> { })) {
            assertThat(trained.test().accuracy()).as("base accuracy on 8 classes").isGreaterThan(0.8);
            trained.writeArtifact(baseDir);
            baseArchitecture = trained.architecture();
        }
        ImageSignature signature = ImageSignature.rgb(SIZE, List.of("tshirt-top", "shirt"));
        task = new TrainingImages(null, signature, train.split("train", TASK_CLASSES, 0, 40, signature),
                train.split("val", TASK_CLASSES, 0, 0, signature),
                test.split("test", TASK_CLASSES, 0, 500, signature), 0);
    }

    private static double accuracy(TrainingSpec spec, Network network) throws Exception {
        try (TrainedModel trained = new ImageClassifierTrainer(0).train(task, spec, network, Checkpoints.NONE, "",
                e -> { })) {
            return trained.test().accuracy();
        }
    }

    private static TransferNetwork transfer() {
        return TransferNetwork.fromSightline(ArchitectureSpec.transfer(baseArchitecture, "fashion-base:1", 2), baseDir);
    }

    @Test
    void theHeadLearnsOnFrozenPretrainedFeaturesThatStayBitIdentical() throws Exception {
        TransferNetwork network = transfer();
        try (TrainedModel trained = new ImageClassifierTrainer(0).train(task,
                new TrainingSpec("cnn", SIZE, 20, 16, 1e-3, 11), network, Checkpoints.NONE, "", e -> { });
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertThat(trained.test().accuracy()).as("T-shirt against shirt, chance 0.5").isGreaterThan(0.75);
            // the head phase left every backbone value as the base wrote it, bit for bit
            Block base = Architectures.build(baseArchitecture);
            base.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(baseDir.resolve(StoreKeys.MODEL_PARAMS))))) {
                base.loadParameters(manager, in);
            }
            List<Parameter> pretrained = Architectures.featureExtractor(base, baseArchitecture).getParameters().values();
            List<Parameter> backbone = network.backbone();
            assertThat(backbone).hasSameSizeAs(pretrained).isNotEmpty();
            for (int i = 0; i < backbone.size(); i++) {
                assertThat(backbone.get(i).getArray().toByteArray())
                        .as(backbone.get(i).getName()).isEqualTo(pretrained.get(i).getArray().toByteArray());
            }
        }
    }

    @Test
    @Disabled("issue 12, part 2, open: here the frozen pretrained conv features reach 0.817, frozen random ones 0.820,"
            + " the cnn from scratch 0.836 (40 pictures per class, one seed); over 10 draws of 100 per class"
            + " transfer gains about a point on average, not reliably — see docs/benchmarks.md")
    void aFrozenPretrainedBaseBeatsScratch() throws Exception {
        TrainingSpec recipe = new TrainingSpec("cnn", SIZE, 20, 16, 1e-3, 11);
        double scratch = accuracy(recipe, Network.fromScratch(recipe.architectureSpec(2)));
        assertThat(accuracy(recipe, transfer())).as("transfer against scratch %.4f", scratch)
                .isGreaterThan(scratch + 0.02);
    }
}
