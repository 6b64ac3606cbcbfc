package io.sightline.kit.tracing;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The trace a Kafka record carries in, and the one a record to send carries out. */
public final class RecordTraces {

    private RecordTraces() {
    }

    /** The context a received record arrived with (its consumer span), else the current one. */
    public static Context of(Message<?> message) {
        return TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(Context.current());
    }

    /**
     * The sender's trace, taken now, for a record's metadata: the record may leave later, from a thread that
     * no longer has it.
     */
    public static TracingMetadata outgoing() {
        return TracingMetadata.withCurrent(Context.current());
    }
}
