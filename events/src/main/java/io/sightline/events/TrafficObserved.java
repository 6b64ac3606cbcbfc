package io.sightline.events;

import java.time.Instant;
import java.util.List;

/**
 * One inference replica's counts of a model's versions since a canary or shadow started (decision 107): cumulative,
 * so the latest report of each replica is all a reader needs, and a redelivered or reordered one changes nothing.
 * On {@link Topics#INFERENCE_OBSERVATIONS}, keyed by model.
 *
 * @param replica    the reporting replica, unique per process start
 * @param model      model name (the record key)
 * @param startId    the {@link TrafficTarget#startId()} of the canary or shadow these counts are about; counts of
 *                   another start never mix with these
 * @param observedAt when the counts were taken; of two reports of one replica and start, the later one holds
 * @param versions   the champion's counts and the canary's or shadow's, each since that start
 */
public record TrafficObserved(String replica, String model, String startId, Instant observedAt,
                              List<VersionObserved> versions) {

    public static final String TYPE = EventTypes.TRAFFIC_OBSERVED;

    /**
     * One version's counts on the replica.
     *
     * @param version       the model version
     * @param role          {@code champion}, {@code canary} or {@code shadow}
     * @param answered      requests answered
     * @param failed        requests failed
     * @param rows          rows answered (a request may carry several); for a shadow, rows compared
     * @param confidenceSum sum of the top-1 probabilities of the answered rows (0 for a shadow)
     * @param agreed        shadow rows whose top-1 class equalled the champion's (0 for other roles)
     */
    public record VersionObserved(String version, String role, long answered, long failed, long rows,
                                  double confidenceSum, long agreed) {
    }
}
