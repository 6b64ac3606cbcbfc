package io.sightline.events;

/**
 * A version that takes part of a model's traffic besides its champion.
 *
 * @param version     the model version
 * @param artifactKey where its files are in the store ({@code models/<model>/<version>})
 * @param percent     share of the model's requests, 1 to 100: answered by it (canary) or mirrored to it (shadow)
 */
public record TrafficTarget(String version, String artifactKey, int percent) {
}
