package io.sightline.events;

/**
 * A version that takes part of a model's traffic besides its champion.
 *
 * @param version     the model version
 * @param artifactKey where its files are in the store ({@code models/<model>/<version>})
 * @param percent     share of the model's requests, 1 to 100: answered by it (canary) or mirrored to it (shadow)
 * @param startId     unique per start of this canary or shadow: the replicas' counts name it, so counts of an earlier
 *                    start never count for this one; null in records written before automatic mode
 * @param auto        the automatic canary's rule; null for a manual canary and for a shadow
 */
public record TrafficTarget(String version, String artifactKey, int percent, String startId, CanaryAuto auto) {

    /** A target without start id or rule, as written before automatic mode. */
    public TrafficTarget(String version, String artifactKey, int percent) {
        this(version, artifactKey, percent, null, null);
    }
}
