package io.sightline.vision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import io.sightline.storage.StoreKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    @TempDir
    Path dir;

    @Test
    void aTransferNetworkOverACnnBaseLoadsBackAndAnswersTheSame() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        ImageSignature signature = ImageSignature.rgb(16, List.of("disc", "stripes"));
        ArchitectureSpec base = ArchitectureSpec.cnn(16, 3, 5);
        ArchitectureSpec spec = ArchitectureSpec.transfer(base, "base:1", 2);
        List<float[]> inputs = List.of(new ImagePreprocessor(signature).preprocess(TestImages.png(TestImages.disc(24))));

        float[][] before;
        try (Model model = Model.newInstance("transfer")) {
            Block block = Architectures.build(spec);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 16, 16));
            before = new Classifier(model, spec, signature).probabilities(inputs);
            ModelArtifact.write(dir, block, spec, signature);
        }

        try (Classifier loaded = ModelArtifact.load(dir)) {
            assertThat(loaded.architecture()).isEqualTo(spec);
            assertThat(loaded.architecture().base()).isEqualTo(base);
            assertThat(loaded.probabilities(inputs)[0]).containsExactly(before[0]);
        }
    }

    @Test
    void anArchitectureFileWithoutTheTransferFieldsStillReads() throws Exception {
        Files.writeString(dir.resolve(StoreKeys.ARCHITECTURE), "{\"name\":\"cnn\",\"imageSize\":16,\"channels\":3,"
                + "\"classes\":3,\"filters\":[32,64],\"denseUnits\":128,\"dropout\":0.25}");
        ArchitectureSpec spec = ModelArtifact.readArchitecture(dir);
        assertThat(spec).isEqualTo(ArchitectureSpec.cnn(16, 3, 3));
        assertThat(spec.backbone()).isNull();
        assertThat(spec.usesTorchScript()).isFalse();
    }

    @Test
    void aSavedModelLoadsBackAndAnswersTheSame() throws Exception {
        Engine.getInstance().setRandomSeed(7);
        ImageSignature signature = ImageSignature.rgb(16, List.of("disc", "stripes", "square"));
        ArchitectureSpec spec = ArchitectureSpec.cnn(16, 3, 3);
        List<float[]> inputs = List.of(
                new ImagePreprocessor(signature).preprocess(TestImages.png(TestImages.disc(24))),
                new ImagePreprocessor(signature).preprocess(TestImages.png(TestImages.stripes(24))));

        float[][] before;
        try (Model model = Model.newInstance("original")) {
            Block block = Architectures.build(spec);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 16, 16));
            before = new Classifier(model, spec, signature).probabilities(inputs);
            ModelArtifact.write(dir, block, spec, signature);
        }

        assertThat(dir.resolve(StoreKeys.MODEL_PARAMS)).isNotEmptyFile();
        try (Classifier loaded = ModelArtifact.load(dir)) {
            float[][] after = loaded.probabilities(inputs);

            assertThat(loaded.signature()).isEqualTo(signature);
            assertThat(loaded.architecture()).isEqualTo(spec);
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(after[i]).containsExactly(before[i]);
                double sum = 0;
                for (float p : after[i]) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            }
            List<Prediction> top = loaded.topK(after[0], 2);
            assertThat(top).hasSize(2);
            assertThat(top.get(0).probability()).isGreaterThanOrEqualTo(top.get(1).probability());
        }
    }

    @Test
    void everyArchitectureBuildsAndRunsAForwardPass() throws Exception {
        for (ArchitectureSpec spec : List.of(ArchitectureSpec.cnn(48, 3, 4),
                ArchitectureSpec.zoo(ArchitectureSpec.RESNET18, 32, 3, 4),
                ArchitectureSpec.zoo(ArchitectureSpec.MOBILENET_V2, 32, 3, 4))) {
            try (Model model = Model.newInstance(spec.name())) {
                Block block = Architectures.build(spec);
                model.setBlock(block);
                block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, spec.imageSize(), spec.imageSize()));
                Path out = Files.createDirectories(dir.resolve(spec.name()));
                ImageSignature signature = ImageSignature.rgb(spec.imageSize(), List.of("a", "b", "c", "d"));
                ModelArtifact.write(out, block, spec, signature);
                try (Classifier loaded = ModelArtifact.load(out)) {
                    float[][] p = loaded.probabilities(List.of(new float[3 * spec.imageSize() * spec.imageSize()]));
                    assertThat(p[0]).as(spec.name()).hasSize(4);
                }
            }
        }
    }
}
