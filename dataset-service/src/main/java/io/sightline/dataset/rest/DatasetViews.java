package io.sightline.dataset.rest;

import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.ImportProgress;
import io.sightline.dataset.importing.TrainingAdvice;
import io.sightline.dataset.importing.VerificationReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of {@code /datasets} responses. */
final class DatasetViews {

    private DatasetViews() {
    }

    /**
     * The {@code status} filter of a list, checked.
     *
     * @return null when none is asked for
     * @throws InvalidImportException naming the statuses there are
     */
    static VersionStatus status(String asked) {
        if (asked == null || asked.isBlank()) {
            return null;
        }
        try {
            return VersionStatus.valueOf(asked.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidImportException("status must be one of "
                    + java.util.Arrays.toString(VersionStatus.values())
                    + ", got " + (asked.length() > 40 ? asked.substring(0, 40) + "…" : asked));
        }
    }

    /** Answer to an accepted import. */
    record Accepted(String name, String version, VersionStatus status) {
    }

    /** One dataset in the list. */
    record DatasetSummary(String name, String latestVersion, int versions) {
    }

    /** A dataset and its versions. */
    record DatasetDetail(String name, List<VersionSummary> versions) {
    }

    record VersionSummary(String version, VersionStatus status, String digest, Instant completedAt) {

        static VersionSummary of(DatasetVersion v) {
            return new VersionSummary(v.version(), v.status(), v.digest(), v.completedAt());
        }
    }

    /** Images of one class per split. */
    record Counts(int train, int test, int validation, int total) {
    }

    /** What the check found, in brief; the full report is at {@code …/verification}. */
    record VerificationSummary(boolean passed, int sourceFiles, int images, boolean reconciled, int blobsChecked,
                               int originalsChecked, int corrupt, int duplicates, int ignored, int leakedContent,
                               int labelConflicts, int nearDuplicatePairs, List<String> smallClasses,
                               List<String> notes, Map<String, Long> timingsMs, TrainingAdvice trainingAdvice) {

        static VerificationSummary of(VerificationReport r) {
            return new VerificationSummary(r.passed(), r.totals().source(), r.totals().manifest(),
                    r.totals().reconciled(), r.blobsChecked(), r.originalsChecked(), r.corrupt().size(),
                    r.duplicates().size(), r.ignoredCount(), r.leakedContent(),
                    r.labelConflicts() == null ? 0 : r.labelConflicts().count(),
                    r.nearDuplicates() == null ? 0 : r.nearDuplicates().count(),
                    r.smallClasses() == null ? List.of()
                            : r.smallClasses().stream().map(VerificationReport.SmallClass::className).toList(),
                    r.notes(), r.timingsMs(), r.trainingAdvice());
        }
    }

    /** Where an import under way is: stage (fetch: extract|download; scan, read, split, copy, verify), units done. */
    record Progress(String stage, long done, long total) {

        static Progress of(ImportProgress p) {
            return p == null ? null : new Progress(p.stage(), p.done(), p.total());
        }
    }

    /** One version in full. */
    record VersionDetail(String name, String version, VersionStatus status, String digest, String sameAs,
                         Map<String, Counts> counts, VerificationSummary verification, String reason,
                         List<String> problems, Instant submittedAt, Instant completedAt, Progress progress,
                         String layout, Map<String, String> classNames) {

        static VersionDetail of(DatasetVersion v, ImportProgress progress) {
            VerificationReport report = v.report();
            Map<String, Counts> counts = null;
            if (report != null) {
                counts = new LinkedHashMap<>();
                for (Map.Entry<String, VerificationReport.ClassCount> c : report.classes().entrySet()) {
                    VerificationReport.ClassCount n = c.getValue();
                    counts.put(c.getKey(), new Counts(n.train(), n.test(), n.validation(),
                            n.train() + n.test() + n.validation()));
                }
            }
            return new VersionDetail(v.dataset(), v.version(), v.status(), v.digest(), v.sameAs(), counts,
                    report == null ? null : VerificationSummary.of(report), v.reason(),
                    v.problems().isEmpty() ? null : v.problems(), v.submittedAt(), v.completedAt(),
                    v.status().isFinal() ? null : Progress.of(progress),
                    report == null || report.layout() == null ? null : report.layout().name(),
                    report == null ? null : report.classNames());
        }
    }

    /**
     * How a folder source would be read, before importing it.
     *
     * @param layout   the layout
     * @param detected whether Sightline told it (false: the request named it)
     * @param why      what it was told from
     * @param classes  the classes found
     * @param images   files taken as images
     * @param splits   images per given split (split-folders), else null
     * @param labelsFile csv: the labels file, else null
     * @param ignored  files left out
     * @param problems what would reject the import already (the first 20)
     */
    record LayoutPreview(String layout, boolean detected, String why, List<String> classes, int images,
                         Map<String, Long> splits, String labelsFile, int ignored, List<String> problems) {

        static LayoutPreview of(SourceScanner.Listing listing) {
            Map<String, Long> splits = null;
            if (listing.layout().givesSplit()) {
                splits = new java.util.TreeMap<>(listing.files().stream().collect(java.util.stream.Collectors
                        .groupingBy(SourceScanner.SourceFile::split, java.util.stream.Collectors.counting())));
            }
            return new LayoutPreview(listing.layout().id(), !"as asked".equals(listing.why()), listing.why(),
                    listing.classes(), listing.files().size(), splits, listing.labels(), listing.ignored().size(),
                    listing.problems().subList(0, Math.min(20, listing.problems().size())));
        }
    }
}
