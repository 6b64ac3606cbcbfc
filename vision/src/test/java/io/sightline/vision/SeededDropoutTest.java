package io.sightline.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class SeededDropoutTest {

    @Test
    void theSameSeedDropsTheSameActivationsAndKeptOnesAreScaled() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ones = manager.ones(new Shape(8, 64));
            SeededDropout dropout = new SeededDropout(0.25f);

            dropout.seed(11);
            float[] first = forward(dropout, ones, true);
            dropout.seed(11);
            float[] again = forward(dropout, ones, true);
            dropout.seed(12);
            float[] other = forward(dropout, ones, true);

            assertThat(again).containsExactly(first);
            assertThat(other).isNotEqualTo(first);
            int dropped = 0;
            for (float value : first) {
                assertThat(value).isIn(0f, 1f / 0.75f);
                dropped += value == 0f ? 1 : 0;
            }
            assertThat(dropped).isBetween(64, 192); // 512 activations, a quarter expected (128)
        }
    }

    @Test
    void outsideTrainingItPassesItsInputThrough() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.arange(12f).reshape(3, 4);
            assertThat(forward(new SeededDropout(0.5f), input, false)).containsExactly(input.toFloatArray());
        }
    }

    @Test
    void aRateOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new SeededDropout(1f)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new SeededDropout(-0.1f)).hasMessageContaining("[0, 1)");
    }

    @Test
    void parametersSavedWithDjlsDropoutLoadIntoSeededDropoutAndBack() throws Exception {
        // models in existing stores were written with ai.djl.nn.norm.Dropout in their heads
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock withDjl = head(manager, Dropout.builder().optRate(0.25f).build());
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            withDjl.saveParameters(new DataOutputStream(saved));

            SequentialBlock withSeeded = head(manager, new SeededDropout(0.25f));
            withSeeded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
            ByteArrayOutputStream resaved = new ByteArrayOutputStream();
            withSeeded.saveParameters(new DataOutputStream(resaved));

            assertThat(resaved.toByteArray()).isEqualTo(saved.toByteArray());
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 5));
            assertThat(forward(withSeeded, x, false)).containsExactly(forward(withDjl, x, false));
        }
    }

    private static SequentialBlock head(NDManager manager, ai.djl.nn.Block dropout) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(Activation.reluBlock())
                .add(dropout)
                .add(Linear.builder().setUnits(3).build());
        block.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 5));
        return block;
    }

    private static float[] forward(ai.djl.nn.Block block, NDArray input, boolean training) {
        return block.forward(new ParameterStore(input.getManager(), false), new NDList(input), training)
                .singletonOrThrow().toFloatArray();
    }
}
