package io.sightline.trainer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.storage.StoreJson;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The payloads of an in-memory sink as records of one type. Events sent through the outbox (outcomes, deletions,
 * promotions) arrive as the JSON the outbox holds, told apart by their CloudEvent type; others as the record.
 */
final class SentPayloads {

    private SentPayloads() {
    }

    static <T> List<T> of(List<? extends Message<?>> messages, String eventType, Class<T> type) {
        return messages.stream().filter(m -> type.isInstance(m.getPayload()) || m.getPayload() instanceof JsonNode
                        && m.getMetadata(OutgoingCloudEventMetadata.class).map(c -> eventType.equals(c.getType()))
                        .orElse(false))
                .map(m -> type.isInstance(m.getPayload()) ? type.cast(m.getPayload())
                        : StoreJson.mapper().convertValue(m.getPayload(), type))
                .toList();
    }
}
