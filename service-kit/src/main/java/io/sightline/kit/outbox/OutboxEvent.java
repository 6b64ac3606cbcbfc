package io.sightline.kit.outbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as the outbox keeps it: everything needed to send it again exactly as the first time (same id, key,
 * type, time and payload), and the store change it announces.
 *
 * @param channel the sender's name for where it goes (a service maps it to its emitter)
 * @param key the Kafka record key
 * @param subject the CloudEvent subject
 * @param guard what must be in the store before the event may go out; null when the event announces nothing
 *              the store holds (a failure, a cancellation)
 * @param writtenAt when the intent was written
 * @param original the payload object the writer gave, for its own first send (not stored; null once read back)
 */
public record OutboxEvent(String id, String channel, String type, String key, String subject, Instant time,
                          JsonNode payload, OutboxGuard guard, Instant writtenAt, @JsonIgnore Object original) {

    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** What to send: the writer's own object when this is its first send (the same JSON), else the stored tree. */
    public Object body() {
        return original != null ? original : payload;
    }
}
