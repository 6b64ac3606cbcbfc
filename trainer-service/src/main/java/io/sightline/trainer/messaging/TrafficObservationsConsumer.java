package io.sightline.trainer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.events.TrafficObserved;
import io.sightline.trainer.traffic.AutoCanaries;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.KafkaMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Hands the inference replicas' reports to {@link AutoCanaries}; a report that does not count (malformed, or of a
 * model, start or version the registry does not know) is skipped and counted in
 * {@code sightline_trainer_observations_ignored_total{reason}}. Other types on the topic are ignored.
 */
@ApplicationScoped
public class TrafficObservationsConsumer {

    static final String IGNORED = "sightline.trainer.observations.ignored";
    private static final Logger LOG = Logger.getLogger(TrafficObservationsConsumer.class);

    private final AutoCanaries canaries;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    TrafficObservationsConsumer(AutoCanaries canaries, ObjectMapper json, MeterRegistry meters) {
        this.canaries = canaries;
        this.json = json;
        this.meters = meters;
    }

    @Incoming(Channels.TRAFFIC_OBSERVATIONS)
    @Blocking
    public CompletionStage<Void> onReport(Message<String> message) {
        if (CloudEvents.type(message).map(TrafficObserved.TYPE::equals).orElse(false)) {
            String key = message.getMetadata(KafkaMessageMetadata.class).map(KafkaMessageMetadata::getKey)
                    .map(String::valueOf).orElse(null);
            String ignored;
            try {
                ignored = canaries.observe(key, read(message.getPayload()));
            } catch (Exception e) { // the store failed while deciding: the next report retries
                LOG.warnf("cannot apply a traffic observation of %s: %s", key, e.toString());
                ignored = "failed";
            }
            if (ignored != null) {
                meters.counter(IGNORED, "reason", ignored).increment();
            }
        }
        return message.ack();
    }

    private TrafficObserved read(String payload) {
        try {
            return payload == null ? null : json.readValue(payload, TrafficObserved.class);
        } catch (Exception e) {
            return null; // counted as invalid
        }
    }
}
