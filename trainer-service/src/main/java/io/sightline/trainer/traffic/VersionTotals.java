package io.sightline.trainer.traffic;

import io.sightline.events.TrafficObserved.VersionObserved;

/**
 * One version's counts summed over the replicas since a canary or shadow started, and what the console shows of
 * them.
 *
 * @param requests        requests answered or failed
 * @param errorRate       failed / requests; null before the first request
 * @param meanConfidence  mean top-1 probability of the answered rows; null before the first (and for a shadow)
 * @param compared        shadow rows compared with the champion
 * @param shadowAgreement agreed / compared; null unless a shadow compared a row
 */
public record VersionTotals(String version, String role, long requests, long failed, long rows,
                            double confidenceSum, long compared, long agreed, Double errorRate,
                            Double meanConfidence, Double shadowAgreement) {

    static VersionTotals none(String version, String role) {
        return of(version, role, 0, 0, 0, 0, 0);
    }

    static VersionTotals of(String version, String role, long requests, long failed, long rows, double confidenceSum,
                            long agreed) {
        boolean shadow = "shadow".equals(role);
        long compared = shadow ? rows : 0;
        return new VersionTotals(version, role, requests, failed, rows, confidenceSum, compared, shadow ? agreed : 0,
                requests == 0 ? null : (double) failed / requests,
                shadow || rows == 0 ? null : confidenceSum / rows,
                compared == 0 ? null : (double) agreed / compared);
    }

    VersionTotals plus(VersionObserved report) {
        return of(version, role, requests + report.answered() + report.failed(), failed + report.failed(),
                rows + report.rows(), confidenceSum + report.confidenceSum(), agreed + report.agreed());
    }
}
