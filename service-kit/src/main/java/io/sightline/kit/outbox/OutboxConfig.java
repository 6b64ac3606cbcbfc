package io.sightline.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The outbox's timing, shared by every service that writes one ({@code sightline.outbox.*}). */
@ConfigMapping(prefix = "sightline.outbox")
public interface OutboxConfig {

    /** How often every replica looks for intents still unsent; the first look is at start. */
    @WithDefault("15s")
    Duration relayEvery();

    /** An intent younger than this belongs to its writer, which is sending it. */
    @WithDefault("10s")
    Duration settle();

    /** One intent is tried at most this often. */
    @WithDefault("30s")
    Duration retryEvery();

    /** An intent whose change never reached the store is dropped after this long. */
    @WithDefault("24h")
    Duration abandonAfter();

    /** How long a send waits for the broker's acknowledgement. */
    @WithDefault("30s")
    Duration sendTimeout();

    /**
     * Test-only: halts the JVM (as SIGKILL would) after the change an event of this type announces committed and
     * before the event is sent, so that the outbox can be proven on real processes. Empty in production.
     */
    Optional<String> testHaltBeforeSending();

    default OutboxSettings settings() {
        return new OutboxSettings(settle(), retryEvery(), abandonAfter(), sendTimeout());
    }
}
