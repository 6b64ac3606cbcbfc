package io.sightline.inference.messaging;

import io.opentelemetry.context.Context;
import io.sightline.events.ModelPromoted;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ModelRegistry;
import io.sightline.inference.TopicCatchUp;
import io.sightline.inference.tracing.PromotionTraces;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds {@code sightline.models} into the registry. Fast and non-blocking: the registry loads in the
 * background, so this runs on the consumer's event loop and never holds up the partition.
 */
@ApplicationScoped
public class ModelPromotionConsumer {

    /** The channel reading {@link io.sightline.events.Topics#MODELS}. */
    public static final String CHANNEL = "sightline-models";

    private static final Logger LOG = Logger.getLogger(ModelPromotionConsumer.class);

    private final ModelRegistry registry;
    private final TopicCatchUp catchUp;
    private final InferenceMetrics metrics;
    private final PromotionTraces traces;

    public ModelPromotionConsumer(ModelRegistry registry, TopicCatchUp catchUp, InferenceMetrics metrics,
                                  PromotionTraces traces) {
        this.registry = registry;
        this.catchUp = catchUp;
        this.metrics = metrics;
        this.traces = traces;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onRecord(Message<ModelPromoted> message) {
        String type = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getType)
                .orElse(null);
        if (type != null && !ModelPromoted.TYPE.equals(type)) {
            LOG.debugf("skipping event of type %s", type); // a newer producer's event type: not ours to read
            metrics.promotionIgnored("other_type");
        } else if (message.getPayload() == null) {
            LOG.warn("skipping a registry record without a readable ModelPromoted payload");
            metrics.promotionIgnored("unreadable");
        } else {
            // the record's trace, for the load that runs later on the registry's own thread
            traces.received(message.getPayload(), TracingMetadata.fromMessage(message)
                    .map(TracingMetadata::getCurrentContext).orElse(Context.current()));
            registry.promoted(message.getPayload());
        }
        // after the registry has seen the record: caught up then implies every promotion is known
        message.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(record -> catchUp.processed(record.getPartition(), record.getOffset()));
        return message.ack();
    }
}
