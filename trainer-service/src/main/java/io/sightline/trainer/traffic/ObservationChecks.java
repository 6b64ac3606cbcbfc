package io.sightline.trainer.traffic;

import io.sightline.events.TrafficObserved;
import io.sightline.events.TrafficObserved.VersionObserved;
import io.sightline.storage.StoreKeys;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a replica's report before it may count: anyone who can write the topic can send one. */
final class ObservationChecks {

    /** Far above what one replica answers between two canary starts; bounds the sums, so they never overflow. */
    static final long MOST_COUNT = 1_000_000_000_000L;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Set<String> ROLES = Set.of("champion", "canary", "shadow");

    private ObservationChecks() {
    }

    /** What is wrong with a report, or null when it may count. */
    static String problemWith(String key, TrafficObserved report) {
        if (report == null) {
            return "not a traffic observation";
        }
        if (report.model() == null || !StoreKeys.isValidName(report.model()) || !report.model().equals(key)) {
            return "invalid model name, or not the record key";
        }
        if (report.replica() == null || !TOKEN.matcher(report.replica()).matches()) {
            return "invalid replica id";
        }
        if (report.startId() == null || !TOKEN.matcher(report.startId()).matches()) {
            return "invalid start id";
        }
        if (report.observedAt() == null) {
            return "no observedAt";
        }
        if (report.versions() == null || report.versions().isEmpty() || report.versions().size() > 2) {
            return "versions must hold one or two entries";
        }
        for (VersionObserved version : report.versions()) {
            String problem = problemWith(version);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String problemWith(VersionObserved version) {
        if (version == null || version.version() == null || !StoreKeys.isValidName(version.version())) {
            return "invalid version name";
        }
        if (version.role() == null || !ROLES.contains(version.role())) {
            return "role must be champion, canary or shadow";
        }
        for (long count : new long[] {version.answered(), version.failed(), version.rows(), version.agreed()}) {
            if (count < 0 || count > MOST_COUNT) {
                return "counts must be between 0 and " + MOST_COUNT;
            }
        }
        if (version.agreed() > version.rows()) {
            return "more rows agreed than compared";
        }
        double sum = version.confidenceSum();
        if (!Double.isFinite(sum) || sum < 0 || sum > version.rows() + 1e-6 * (1 + version.rows())) {
            return "confidence sum must be between 0 and the rows answered";
        }
        return null;
    }
}
