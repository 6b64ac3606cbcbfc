package io.sightline.trainer.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingParameters;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {

    private static final long GIB = 1L << 30;

    private static TrainingParameters job(String architecture, int batch, int side) {
        TrainingParameters.Builder b = TrainingParameters.builder().setArchitecture(architecture).setEpochs(5)
                .setBatchSize(batch).setLearningRate(0.001).setImageSize(side).setSeed(42);
        return ParameterRules.TRANSFER.equals(architecture) ? b.optBaseModel("base").build() : b.build();
    }

    @Test
    void theEstimateFollowsTheFormula() {
        // 64 × 3 × 96² × 4 B × 350 + 2,271,178 × 16 B + 256 MiB
        long expected = 64L * 3 * 96 * 96 * 4 * 350 + 2_271_178L * 16 + (256L << 20);
        assertThat(TrainingMemory.estimate(job("mobilenet_v2", 64, 96))).isEqualTo(expected);
        // the cnn's dense layer grows with the side: 32 px has 2 conv blocks, 8×8×64 cells into 128 units
        assertThat(TrainingMemory.trainedParameters("cnn", 32)).isBetween(540_000L, 550_000L);
        assertThat(TrainingMemory.trainedParameters("cnn", 1024)).isGreaterThan(268_000_000L);
        // the range test's copies of the weights: 32 more bytes per parameter
        assertThat(TrainingMemory.estimate(job("mobilenet_v2", 64, 96).toBuilder().setLearningRate(0)
                .optLearningRateAuto(true).build())).isEqualTo(expected + 2_271_178L * 32);
        assertThat(TrainingMemory.estimate(job("transfer", 64, 224)))
                .isLessThan(TrainingMemory.estimate(job("resnet18", 64, 224)));
    }

    @Test
    void aJobAboveTheBudgetIsRefusedWithTheNumbers() {
        TrainingMemory sixGib = TrainingMemory.within(6 * GIB);

        assertThat(sixGib.problem(job("cnn", 4096, 1024), 10_000)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("batch 4096 at 1024 px needs about ").contains(" GiB; this trainer has 6.0 GiB"));
        assertThat(sixGib.problem(job("cnn", 64, 32), 10_000)).isEmpty();
        assertThat(sixGib.problem(job("resnet18", 64, 96), 10_000)).isEmpty();
        // a batch of 0 is the dataset's: 16 for 100 training images, the largest (128) when not known
        assertThat(sixGib.problem(job("mobilenet_v2", 0, 224), 100)).isEmpty();
        assertThat(sixGib.problem(job("mobilenet_v2", 0, 224), 0)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("batch 128 at 224 px needs about 25 GiB"));
        assertThat(TrainingMemory.unlimited().problem(job("cnn", 4096, 1024), 0)).isEmpty();
    }

    @Test
    void theDefaultBudgetIsTheMemoryOutsideTheHeap() {
        long budget = TrainingMemory.ofThisMachine().budgetBytes();
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        assertThat(budget).isGreaterThanOrEqualTo(GIB).isLessThan(total);
    }
}
