package io.sightline.inference.messaging;

import io.sightline.inference.readiness.TopicCatchUp;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * On assignment, records where each partition of the registry topic ends and where reading starts, so
 * the service knows when it has read the registry as it was at start. Runs on the polling thread, where
 * calling the consumer is allowed.
 */
@ApplicationScoped
@Identifier(CatchUpRebalanceListener.NAME)
public class CatchUpRebalanceListener implements KafkaConsumerRebalanceListener {

    /** Referenced by {@code mp.messaging.incoming.sightline-models.consumer-rebalance-listener.name}. */
    public static final String NAME = "sightline-models-catch-up";

    private static final Logger LOG = Logger.getLogger(CatchUpRebalanceListener.class);

    private final TopicCatchUp catchUp;

    public CatchUpRebalanceListener(TopicCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<Integer, Long> starts = new HashMap<>();
        Map<Integer, Long> ends = new HashMap<>();
        consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
        for (TopicPartition partition : partitions) {
            starts.put(partition.partition(), consumer.position(partition));
        }
        LOG.infof("registry partitions assigned: start %s, end %s", starts, ends);
        catchUp.assigned(starts, ends);
    }
}
