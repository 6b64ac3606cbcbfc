package io.sightline.trainer.traffic;

import io.sightline.events.TrafficObserved;
import io.sightline.events.TrafficObserved.VersionObserved;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The latest report of each replica per model and canary or shadow start. Reports are cumulative, so keeping the
 * latest (by {@code observedAt}) instead of adding makes a redelivered or reordered report change nothing, and a
 * replica that stopped still counts with what it last reported. Not thread-safe: {@link AutoCanaries} serialises.
 */
final class ObservationBook {

    /** More replicas than any deployment runs; bounds what a flood of made-up replica ids can hold. */
    static final int MOST_REPLICAS = 1000;

    private final Map<String, Map<String, Map<String, TrafficObserved>>> reports = new HashMap<>();

    /** Keeps the report unless that replica reported later already; false when the start has too many replicas. */
    boolean record(TrafficObserved report) {
        Map<String, TrafficObserved> replicas = reports.computeIfAbsent(report.model(), model -> new HashMap<>())
                .computeIfAbsent(report.startId(), start -> new HashMap<>());
        TrafficObserved known = replicas.get(report.replica());
        if (known == null && replicas.size() >= MOST_REPLICAS) {
            return false;
        }
        if (known == null || !report.observedAt().isBefore(known.observedAt())) {
            replicas.put(report.replica(), report);
        }
        return true;
    }

    /** Forgets the model's starts other than these (ended canaries and shadows). */
    void retain(String model, Set<String> startIds) {
        Map<String, Map<String, TrafficObserved>> starts = reports.get(model);
        if (starts != null) {
            starts.keySet().retainAll(startIds);
            if (starts.isEmpty()) {
                reports.remove(model);
            }
        }
    }

    /** Replicas that reported on a start. */
    int replicas(String model, String startId) {
        return reports.getOrDefault(model, Map.of()).getOrDefault(startId, Map.of()).size();
    }

    /** A start's counts summed over replicas, per role and version ({@code role/version}). */
    Map<String, VersionTotals> totals(String model, String startId) {
        Map<String, VersionTotals> totals = new LinkedHashMap<>();
        for (TrafficObserved report : reports.getOrDefault(model, Map.of()).getOrDefault(startId, Map.of())
                .values()) {
            for (VersionObserved version : report.versions()) {
                String key = version.role() + "/" + version.version();
                totals.put(key, totals.getOrDefault(key, VersionTotals.none(version.version(), version.role()))
                        .plus(version));
            }
        }
        return totals;
    }
}
