package io.sightline.inference.messaging;

import io.sightline.events.ModelDeleted;
import io.sightline.events.ModelPromoted;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.readiness.TopicCatchUp;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.PromotionChecks;
import io.sightline.inference.tracing.PromotionTraces;
import io.sightline.kit.tracing.RecordTraces;
import io.sightline.storage.StoreKeys;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds {@code sightline.models} into the registry. Fast and non-blocking: the registry loads in the
 * background, so this runs on the consumer's event loop and never holds up the partition.
 *
 * <p>A record that is unreadable or not a usable promotion is reported to the registry with its key (the
 * model name), which may then serve the store's champion of that model (see {@link ModelRegistry}).
 * A {@code model.deleted} record stops serving what it deleted ({@link ModelRegistry#deleted}). Records of another
 * CloudEvent type are not ours to interpret. Nor are promotions naming an
 * artefact outside their model's folder ({@link PromotionChecks}): refused, logged, counted, acknowledged.
 */
@ApplicationScoped
public class ModelPromotionConsumer {

    /** The channel reading {@link io.sightline.events.Topics#MODELS}. */
    public static final String CHANNEL = "sightline-models";

    /** The {@code reason} of a refused record naming an artefact outside its model's folder. */
    public static final String FOREIGN_ARTIFACT = "foreign_artifact";

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
        Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String type = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getType)
                .orElse(null);
        if (ModelDeleted.TYPE.equals(type)) {
            deleted(message, kafka);
        } else if (ModelTrafficChanged.TYPE.equals(type)) {
            LOG.debugf("%s: a traffic record, read by the traffic channel", describe(kafka));
        } else if (type != null && !ModelPromoted.TYPE.equals(type)) {
            LOG.debugf("skipping event of type %s", type); // a newer producer's event type: not ours to read
            metrics.promotionIgnored("other_type");
        } else if (message.getPayload() == null) {
            LOG.warnf("skipping %s: no readable ModelPromoted payload", describe(kafka));
            metrics.promotionIgnored("unreadable");
            registry.unusable(key(kafka), null, describe(kafka) + " was unreadable");
        } else if (PromotionChecks.foreignArtifact(message.getPayload()) != null) {
            // a forged or broken record: nothing it names is loaded, nor does it stand in for a champion
            LOG.warnf("refusing %s: %s; nothing loaded", describe(kafka),
                    PromotionChecks.foreignArtifact(message.getPayload()));
            metrics.promotionIgnored(FOREIGN_ARTIFACT);
        } else {
            // the record's trace, for the load that runs later on the registry's own thread
            traces.received(message.getPayload(), RecordTraces.of(message));
            if (!registry.promoted(message.getPayload())) {
                registry.unusable(key(kafka), message.getPayload(), describe(kafka) + " was not a usable promotion");
            }
        }
        // after the registry has seen the record: caught up then implies every promotion is known
        kafka.ifPresent(record -> catchUp.processed(record.getPartition(), record.getOffset()));
        return message.ack();
    }

    /**
     * The channel reads payloads as promotions; a deletion's {@code model} and {@code version} fields have the same
     * names, and a whole-model delete has no version. An unreadable deletion changes nothing: taking it for a
     * whole-model delete could stop serving a model that was not deleted.
     */
    private void deleted(Message<ModelPromoted> message, Optional<IncomingKafkaRecordMetadata> kafka) {
        ModelPromoted payload = message.getPayload();
        String key = key(kafka);
        if (payload == null || !StoreKeys.isValidName(payload.model()) || key != null && !key.equals(payload.model())) {
            LOG.warnf("skipping %s: no readable ModelDeleted payload for its key", describe(kafka));
            metrics.promotionIgnored("unreadable");
            return;
        }
        registry.deleted(payload.model(), payload.version());
    }

    private static String key(Optional<IncomingKafkaRecordMetadata> kafka) {
        return kafka.map(IncomingKafkaRecordMetadata::getKey)
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .orElse(null);
    }

    /** Names a record for the log: {@code record sightline.models-0@12 (key pets)}. */
    private static String describe(Optional<IncomingKafkaRecordMetadata> kafka) {
        return kafka.map(record -> "record " + record.getTopic() + "-" + record.getPartition() + "@"
                        + record.getOffset() + " (key " + record.getKey() + ")")
                .orElse("a registry record");
    }
}
