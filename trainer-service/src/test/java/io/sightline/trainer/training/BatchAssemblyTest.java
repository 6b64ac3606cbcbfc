package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchAssemblyTest {

    @Test
    void aLoneLastTrainingImageJoinsTheBatchBefore() {
        List<int[]> shuffled = BatchAssembly.batches(9, 4, new Random(1));
        List<int[]> inOrder = BatchAssembly.batches(9, 4, null);

        assertThat(shuffled).extracting(b -> b.length).containsExactly(4, 5);
        assertThat(inOrder).extracting(b -> b.length).containsExactly(4, 4, 1);
        assertThat(inOrder.get(2)).containsExactly(8);
    }
}
