package io.sightline.inference.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicCatchUpTest {

    final TopicCatchUp catchUp = new TopicCatchUp();

    @Test
    void isNotCaughtUpBeforeItKnowsWhereTheTopicEnds() {
        catchUp.processed(0, 0);

        assertThat(catchUp.caughtUp()).isFalse();
        assertThat(catchUp.assigned()).isFalse();
    }

    @Test
    void anEmptyTopicIsCaughtUpOnAssignment() {
        catchUp.assigned(Map.of(0, 0L, 1, 0L), Map.of(0, 0L, 1, 0L));

        assertThat(catchUp.caughtUp()).isTrue();
    }

    @Test
    void catchesUpWhenEveryPartitionIsReadToItsEndAtAssignment() {
        catchUp.assigned(Map.of(0, 0L, 1, 0L), Map.of(0, 3L, 1, 1L));
        catchUp.processed(0, 0);
        catchUp.processed(0, 1);
        catchUp.processed(0, 2);

        assertThat(catchUp.caughtUp()).isFalse();
        assertThat(catchUp.behind()).isEqualTo(1);

        catchUp.processed(1, 0);

        assertThat(catchUp.caughtUp()).isTrue();
        assertThat(catchUp.behind()).isZero();
    }

    @Test
    void recordsRemovedByCompactionOrRetentionAreNotWaitedFor() {
        // the log starts at 7 (everything before was compacted or deleted) and the last record left is 9
        catchUp.assigned(Map.of(0, 7L), Map.of(0, 10L));
        catchUp.processed(0, 9);

        assertThat(catchUp.caughtUp()).isTrue();
    }

    @Test
    void aPartitionWithNothingLeftToReadIsCaughtUpAtOnce() {
        catchUp.assigned(Map.of(0, 5L), Map.of(0, 5L));

        assertThat(catchUp.caughtUp()).isTrue();
    }

    @Test
    void staysCaughtUpWhateverComesLater() {
        catchUp.assigned(Map.of(0, 0L), Map.of(0, 1L));
        catchUp.processed(0, 0);
        catchUp.assigned(Map.of(0, 0L), Map.of(0, 100L));

        assertThat(catchUp.caughtUp()).isTrue();
    }
}
