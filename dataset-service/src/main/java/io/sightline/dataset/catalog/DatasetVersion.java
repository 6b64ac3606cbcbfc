package io.sightline.dataset.catalog;

import io.sightline.dataset.importing.VerificationReport;
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
 * @param deletion    how it was deleted; null unless DELETED (a tombstone) or gone (deleted, not shown: 404)
 */
public record DatasetVersion(String dataset, String version, VersionStatus status, String digest, String sameAs,
                             String reason, List<String> problems, VerificationReport report, Instant submittedAt,
                             Instant completedAt, Deletion deletion) {

    /** A version that was never deleted. */
    public DatasetVersion(String dataset, String version, VersionStatus status, String digest, String sameAs,
                          String reason, List<String> problems, VerificationReport report, Instant submittedAt,
                          Instant completedAt) {
        this(dataset, version, status, digest, sameAs, reason, problems, report, submittedAt, completedAt, null);
    }

    /** A request just accepted. */
    public static DatasetVersion pending(String dataset, String version, Instant at) {
        return new DatasetVersion(dataset, version, VersionStatus.PENDING, null, null, null, List.of(), null, at, null);
    }

    /** A version found published in the store, as its stored report describes it. */
    public static DatasetVersion published(String dataset, String version, VerificationReport report) {
        return new DatasetVersion(dataset, version, VersionStatus.READY, report.digest(), null, null, List.of(),
                report, null, report.verifiedAt());
    }

    public DatasetVersion splitting() {
        return new DatasetVersion(dataset, version, VersionStatus.SPLITTING, null, null, null, List.of(), null,
                submittedAt, null);
    }

    public DatasetVersion ready(VerificationReport verified, String sameAsVersion, Instant at) {
        return new DatasetVersion(dataset, version, VersionStatus.READY, verified.digest(), sameAsVersion, null,
                List.of(), verified, submittedAt, at);
    }

    public DatasetVersion rejected(String why, List<String> found, VerificationReport checked, Instant at) {
        // no digest: nothing was published, and a digest equal to a published version's would mislead
        return new DatasetVersion(dataset, version, VersionStatus.REJECTED, null, null, why, List.copyOf(found),
                checked, submittedAt, at);
    }

    /** The {@link #reason()} of a version rejected for {@code problems}: how many, and the first few. */
    public static String reasonOf(List<String> problems) {
        if (problems.isEmpty()) {
            return "verification did not run";
        }
        String first = String.join("; ", problems.subList(0, Math.min(3, problems.size())));
        return problems.size() + (problems.size() == 1 ? " problem: " : " problems: ") + first
                + (problems.size() > 3 ? "; …" : "");
    }

    /**
     * This version deleted: a tombstone (status DELETED, counts and digest kept) when a model's lineage names it,
     * else gone: kept only so that its number is never handed out again.
     */
    public DatasetVersion deleted(Deletion how) {
        return new DatasetVersion(dataset, version, VersionStatus.DELETED, digest, sameAs, reason, problems,
                how.tombstone() ? report : null, submittedAt, completedAt, how);
    }

    /** Whether this version was deleted and is not shown at all (no tombstone). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean gone() {
        return status == VersionStatus.DELETED && (deletion == null || !deletion.tombstone());
    }

    /** Whether this version has its own published folder in the store. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean published() {
        return status == VersionStatus.READY && sameAs == null;
    }
}
