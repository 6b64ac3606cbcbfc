package io.sightline.trainer.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

    private static SweepRequest random(int trials, long seed) {
        return new SweepRequest("m", "d", null, "random", trials, seed,
                new SweepSpace(List.of(RequestedLearningRate.of(0.1), RequestedLearningRate.of(0.01),
                        RequestedLearningRate.automatic()), List.of(8, 16, 32), null, null), null, null, null);
    }

    @Test
    void theHalvingKeepsTheBestHalfUntilOneIsLeftAndTheLastRungTrainsEveryEpoch() {
        assertThat(SweepPlan.rungs(1)).isEqualTo(1);
        assertThat(SweepPlan.rungs(2)).isEqualTo(1);
        assertThat(SweepPlan.rungs(4)).isEqualTo(2);
        assertThat(SweepPlan.rungs(6)).isEqualTo(3);
        assertThat(SweepPlan.survivors(6)).isEqualTo(3);
        assertThat(SweepPlan.survivors(3)).isEqualTo(2);
        assertThat(SweepPlan.rungEpochs(0, 3, 8)).isEqualTo(2);
        assertThat(SweepPlan.rungEpochs(2, 3, 8)).isEqualTo(8);
        assertThat(SweepPlan.rungEpochs(0, 3, 2)).isEqualTo(1);
    }

    @Test
    void aRandomSearchDrawsDistinctCombinationsReproduciblyBySeed() {
        List<TrialParameters> drawn = SweepPlan.trials(random(5, 3));
        assertThat(drawn).hasSize(5).doesNotHaveDuplicates();
        assertThat(SweepPlan.trials(random(5, 3))).isEqualTo(drawn);
        assertThat(SweepPlan.trials(random(9, 3))).hasSize(9).doesNotHaveDuplicates();
        assertThatThrownBy(() -> SweepPlan.trials(random(10, 3))).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("exceeds the 9 distinct combinations");
    }

    @Test
    void aGridWhoseTrialsDisagreeIsRefused() {
        SweepRequest grid = new SweepRequest("m", "d", null, "grid", 3, null,
                new SweepSpace(null, List.of(8, 16), null, null), null, null, null);
        assertThatThrownBy(() -> SweepPlan.trials(grid)).hasMessageContaining("must match the grid's 2");
    }
}
