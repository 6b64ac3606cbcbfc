package io.sightline.inference.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.inference.InferenceMetrics;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads the traffic records of {@code sightline.models} on a channel of its own (from the earliest offset, like the
 * promotions): the promotions channel reads payloads as promotions and skips this type. Every other type is skipped
 * here. A record that is unreadable or fails {@link TrafficRecords} changes nothing and is counted.
 */
@ApplicationScoped
public class TrafficConsumer {

    /** The channel reading {@link io.sightline.events.Topics#MODELS} for traffic records. */
    public static final String CHANNEL = "sightline-traffic";

    private static final Logger LOG = Logger.getLogger(TrafficConsumer.class);

    private final TrafficRouter router;
    private final InferenceMetrics metrics;
    private final ObjectMapper json;

    public TrafficConsumer(TrafficRouter router, InferenceMetrics metrics, ObjectMapper json) {
        this.router = router;
        this.metrics = metrics;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onRecord(Message<String> message) {
        String type = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getType).orElse(null);
        if (ModelTrafficChanged.TYPE.equals(type)) {
            String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(IncomingKafkaRecordMetadata::getKey).map(String::valueOf).orElse(null);
            ModelTrafficChanged split = read(message.getPayload());
            String problem = TrafficRecords.problemWith(key, split);
            if (problem == null) {
                router.changed(split);
            } else {
                LOG.warnf("skipping traffic record (key %s): %s", key, problem);
                metrics.promotionIgnored("invalid_traffic");
            }
        }
        return message.ack();
    }

    private ModelTrafficChanged read(String payload) {
        try {
            return payload == null ? null : json.readValue(payload, ModelTrafficChanged.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
