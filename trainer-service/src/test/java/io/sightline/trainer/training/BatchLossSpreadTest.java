package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatchLossSpreadTest {

    @Test
    void theStandardErrorOfTheMeanOfTheBatchLosses() {
        BatchLossSpread spread = new BatchLossSpread();
        assertThat(spread.standardError()).isNull();
        spread.add(0.5);
        assertThat(spread.standardError()).as("one batch has no spread").isNull();
        for (double loss : new double[] {0.7, 0.2, 0.4}) {
            spread.add(loss);
        }
        // mean 0.45, sample variance ((0.05² + 0.25² + 0.25² + 0.05²) / 3) = 0.043333, over 4 batches
        assertThat(spread.standardError()).isCloseTo(Math.sqrt(0.043333333 / 4), within(1e-9));
    }

    @Test
    void equalLossesHaveNoSpread() {
        BatchLossSpread spread = new BatchLossSpread();
        for (int i = 0; i < 100; i++) {
            spread.add(2.302585);
        }
        assertThat(spread.standardError()).isCloseTo(0.0, within(1e-12));
    }
}
