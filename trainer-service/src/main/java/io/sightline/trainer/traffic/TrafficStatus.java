package io.sightline.trainer.traffic;

import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficTarget;
import java.time.Instant;
import java.util.List;

/**
 * A model's traffic state as recorded (the fields of {@link ModelTrafficChanged}) and what the inference replicas
 * reported of its canary and shadow since they started.
 *
 * @param canaryObserved the current canary's counts; null without a canary
 * @param shadowObserved the current shadow's counts; null without a shadow
 * @param autoOutcome    {@code canary-promoted} or {@code canary-rolled-back} when the last change was an automatic
 *                       canary's decision ({@code reason} gives its numbers); null otherwise
 */
public record TrafficStatus(String id, String model, TrafficTarget canary, TrafficTarget shadow, String change,
                            Instant changedAt, String by, String reason, Observed canaryObserved,
                            Observed shadowObserved, String autoOutcome) {

    /**
     * Counts of one canary or shadow start, summed over the replicas that reported.
     *
     * @param replicas     replicas that reported
     * @param versions     the champion's and the canary's or shadow's totals
     * @param autoRequests canary requests counted so far, in automatic mode; null otherwise
     * @param autoOf       canary requests the automatic decision waits for; null unless automatic
     */
    public record Observed(String startId, int replicas, List<VersionTotals> versions, Long autoRequests,
                           Integer autoOf) {
    }
}
