package io.sightline.inference.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.Topics;
import io.sightline.inference.readiness.TopicCatchUp;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CatchUpRebalanceListenerTest {

    @Test
    void tellsTheDomainWhereEachPartitionStartsAndEnds() {
        TopicCatchUp catchUp = new TopicCatchUp();
        CatchUpRebalanceListener listener = new CatchUpRebalanceListener(catchUp);
        TopicPartition p0 = new TopicPartition(Topics.MODELS, 0);
        TopicPartition p1 = new TopicPartition(Topics.MODELS, 1);
        try (MockConsumer<String, Object> consumer = new MockConsumer<>("earliest")) {
            consumer.assign(List.of(p0, p1));
            consumer.updateBeginningOffsets(Map.of(p0, 4L, p1, 0L));
            consumer.updateEndOffsets(Map.of(p0, 6L, p1, 0L));

            listener.onPartitionsAssigned(consumer, List.of(p0, p1));
        }

        assertThat(catchUp.assigned()).isTrue();
        assertThat(catchUp.behind()).isEqualTo(2);
        catchUp.processed(0, 5);
        assertThat(catchUp.caughtUp()).isTrue();
    }
}
