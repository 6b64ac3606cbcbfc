package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationProgressTest {

    @Test
    void moreImagesRightWinsAndTheLossBreaksTies() {
        ValidationProgress progress = new ValidationProgress(0, 0);

        assertThat(progress.record(1, 0.5, 1.0)).isTrue();
        assertThat(progress.record(2, 0.6, 2.0)).isTrue(); // higher loss, but more right
        assertThat(progress.record(3, 0.6, 1.5)).isTrue(); // a tie, lower loss
        assertThat(progress.record(4, 0.6, 1.5)).isFalse();
        assertThat(progress.bestEpoch()).isEqualTo(3);
        assertThat(progress.bestAccuracy()).isEqualTo(0.6);
    }

    @Test
    void plateauHalvesTheRateAndEarlyStoppingEndsThePhase() {
        ValidationProgress progress = new ValidationProgress(2, 3);
        progress.record(1, 0.9, 0.1);

        progress.record(2, 0.1, 1);
        assertThat(progress.plateau()).isEqualTo(1.0);
        progress.record(3, 0.1, 1);
        assertThat(progress.plateau()).isEqualTo(LearningRateSchedule.PLATEAU_FACTOR);
        assertThat(progress.stoppedEarly()).isFalse();
        progress.record(4, 0.1, 1);
        assertThat(progress.stoppedEarly()).isTrue();

        progress.startPhase();
        assertThat(progress.stoppedEarly()).isFalse();
        assertThat(progress.bestEpoch()).isEqualTo(1);
    }

    @Test
    void aCheckpointedStateResumesAsItWasSaved() {
        ValidationProgress before = new ValidationProgress(2, 0);
        before.record(1, 0.7, 0.4);
        before.record(2, 0.6, 0.5);
        List<EpochMetrics> history = List.of(
                new EpochMetrics(1, 3, 1, 0.5, 0.4, 0.7, 1e-3, 10, 100.0, EpochMetrics.TRAIN),
                new EpochMetrics(2, 3, 1, 0.5, 0.5, 0.6, 1e-3, 10, 100.0, EpochMetrics.TRAIN));
        Checkpoint.State state = before.state("run", 1, history);

        ValidationProgress after = new ValidationProgress(2, 0);
        after.resume(state, history);

        assertThat(after.state("run", 1, history)).isEqualTo(state);
        assertThat(after.bestAccuracy()).isEqualTo(0.7);
        assertThat(after.record(3, 0.6, 0.5)).isFalse();
        assertThat(after.plateau()).isEqualTo(LearningRateSchedule.PLATEAU_FACTOR);
    }
}
