package io.sightline.vision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cutting the model-zoo networks into features and head: what a transfer network over a {@code mobilenet_v2} or
 * {@code resnet18} base learns from must be the base's pooled features, not its class scores.
 */
class ArchitecturesTest {

    @ParameterizedTest
    @CsvSource({"mobilenet_v2, 1280", "resnet18, 512"})
    void aZooNetworksFeatureExtractorEndsAtItsPooledFeaturesWithoutTheClassifier(String name, long features) {
        ArchitectureSpec spec = ArchitectureSpec.zoo(name, 32, 3, 5);
        Block network = Architectures.build(spec);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            SequentialBlock extractor = Architectures.featureExtractor(network, spec);

            NDList out = extractor.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(0, 1, new Shape(2, 3, 32, 32))), false);
            Shape shape = out.singletonOrThrow().getShape();
            assertThat(shape.get(0)).as("batch").isEqualTo(2);
            assertThat(shape.slice(1).size()).as("values per image").isEqualTo(features);

            // the classifier is the one layer with weights that is left out: its weight and bias
            List<Parameter> all = network.getParameters().values();
            List<Parameter> kept = extractor.getParameters().values();
            assertThat(all).containsAll(kept);
            assertThat(all.stream().filter(p -> !kept.contains(p)).toList())
                    .extracting(p -> p.getArray().getShape().get(0))
                    .as("outputs of the parameters cut off").containsOnly(5L).hasSize(2);
        }
    }

    @ParameterizedTest
    @CsvSource({"mobilenet_v2", "resnet18"})
    void aTransferNetworkOverAZooBaseAnswersWithItsOwnClasses(String name) {
        ArchitectureSpec spec = ArchitectureSpec.transfer(ArchitectureSpec.zoo(name, 32, 3, 5), name + ":1", 2);
        Block network = Architectures.build(spec);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));

            NDList out = network.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(1, 3, 32, 32))), false);
            assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(1, 2));
        }
    }
}
