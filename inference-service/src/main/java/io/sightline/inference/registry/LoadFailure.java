package io.sightline.inference.registry;

import java.time.Instant;

/**
 * A version that did not load.
 *
 * @param version the version that failed
 * @param message why
 * @param at      when the attempt ended
 */
public record LoadFailure(String version, String message, Instant at) {
}
