package io.sightline.kit.outbox;

import java.time.Duration;

/**
 * How the relay treats intents.
 *
 * @param settle an intent younger than this is left to its writer, which is sending it
 * @param retryEvery the relay tries one intent at most this often
 * @param abandonAfter an intent whose change never showed up is dropped after this long (its writer died before
 *                     the change committed)
 * @param sendTimeout how long the relay waits for the broker's acknowledgement of one event
 */
public record OutboxSettings(Duration settle, Duration retryEvery, Duration abandonAfter, Duration sendTimeout) {

    public static final OutboxSettings DEFAULTS = new OutboxSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofHours(24), Duration.ofSeconds(30));
}
