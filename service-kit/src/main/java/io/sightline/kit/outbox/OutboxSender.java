package io.sightline.kit.outbox;

import java.util.concurrent.CompletionStage;

/** Hands an event to the broker; the stage completes when the broker acknowledged it, fails when it did not. */
@FunctionalInterface
public interface OutboxSender {

    CompletionStage<Void> send(OutboxEvent event);
}
