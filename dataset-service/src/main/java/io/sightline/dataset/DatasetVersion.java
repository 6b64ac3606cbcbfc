package io.sightline.dataset;

import java.time.Instant;
import java.util.List;

/**
 * One version's state as the service knows it now.
 *
 * @param dataset     dataset name
 * @param version     version id, "1", "2", … in order of submission
 * @param status      where it is
 * @param digest      manifest digest once known
 * @param sameAs      set when the content equals an already published version: this request published
 *                    nothing and points there instead
 * @param reason      why it was rejected, one sentence
 * @param problems    every problem found when rejected
 * @param report      the verification report once the check ran (of the {@code sameAs} version when set)
 * @param submittedAt when the request was accepted
 * @param completedAt when it became READY or REJECTED
 */
public record DatasetVersion(String dataset, String version, VersionStatus status, String digest, String sameAs,
                             String reason, List<String> problems, VerificationReport report, Instant submittedAt,
                             Instant completedAt) {

    static DatasetVersion pending(String dataset, String version, Instant at) {
        return new DatasetVersion(dataset, version, VersionStatus.PENDING, null, null, null, List.of(), null, at, null);
    }

    DatasetVersion splitting() {
        return new DatasetVersion(dataset, version, VersionStatus.SPLITTING, null, null, null, List.of(), null,
                submittedAt, null);
    }

    DatasetVersion ready(VerificationReport verified, String sameAsVersion, Instant at) {
        return new DatasetVersion(dataset, version, VersionStatus.READY, verified.digest(), sameAsVersion, null,
                List.of(), verified, submittedAt, at);
    }

    DatasetVersion rejected(String why, List<String> found, VerificationReport checked, Instant at) {
        // no digest: nothing was published, and a digest equal to a published version's would mislead
        return new DatasetVersion(dataset, version, VersionStatus.REJECTED, null, null, why, List.copyOf(found),
                checked, submittedAt, at);
    }

    /** Whether this version has its own published folder in the store. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean published() {
        return status == VersionStatus.READY && sameAs == null;
    }
}
