package io.sightline.dataset.importing;

import io.sightline.dataset.source.SourceScanner;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the check after copying found; published as {@code verification.json} next to the manifest of a
 * READY version, and kept in memory for a REJECTED one. Built with {@link #builder()}: the JSON property
 * order is the component order, so components are never reordered.
 *
 * @param dataset          dataset name
 * @param version          version id
 * @param passed           whether every check held; only then is the version published
 * @param digest           manifest digest (null when the import stopped before a manifest existed)
 * @param source           where the images were read
 * @param splitMode        how groups were cut
 * @param seed             split seed
 * @param testRatio        requested test share
 * @param validationRatio  requested validation share
 * @param groupPattern     group pattern, or null
 * @param classes          per class: images in the source, per split, and excluded
 * @param totals           the same summed, reconciled with the source
 * @param blobsChecked     distinct blobs re-read from the store and re-hashed
 * @param originalsChecked originals found unchanged or changed after copying (a removed one is named in problems)
 * @param corrupt          files that did not decode
 * @param duplicates       contents found under more than one path (always on one side)
 * @param ignoredCount     hidden, system and stray files left out
 * @param ignored          those files, the first {@value #MAX_LISTED} of them
 * @param leakedContent    contents found on more than one side (0 when passed)
 * @param notes            facts worth knowing that are not problems
 * @param problems         what failed, one line each, e.g. {@code missing: cats/1.png}
 * @param timingsMs        milliseconds per stage: fetch (archive / s3 only), scan, read, split, copy, verify,
 *                         publish, total
 * @param verifiedAt       when the check finished
 * @param labelConflicts   contents found under more than one class, with the policy applied
 * @param nearDuplicates   images on different sides whose perceptual hashes are within the threshold
 * @param smallClasses     classes with fewer images than the configured minimum
 * @param threads          threads that read, decoded and copied
 * @param layout           how the source was read, and how that was decided (null in reports written before)
 * @param corruptFiles     the corrupt-file policy applied: {@code reject} or {@code exclude}
 * @param classNames       display names by class from the names file, or null
 * @param trainingAdvice   training images per class and whether to train by transfer (null in reports written
 *                         before, and when there is no training image)
 * @param originalsRehashed of the originals checked, those whose bytes were read again: the others' file-system stamps
 *                         were as before they were read (decision 110); null in reports written before
 * @param originalsKnown   of the images, those not read again because their file-system stamps were as when an
 *                         earlier import read them (decision 118): their digest, size and decode are from then, and
 *                         their blobs are re-read like every other; null in reports written before
 */
public record VerificationReport(
        String dataset,
        String version,
        boolean passed,
        String digest,
        String source,
        String splitMode,
        long seed,
        double testRatio,
        double validationRatio,
        String groupPattern,
        Map<String, ClassCount> classes,
        Totals totals,
        int blobsChecked,
        int originalsChecked,
        List<CorruptFile> corrupt,
        List<Duplicate> duplicates,
        int ignoredCount,
        List<SourceScanner.IgnoredFile> ignored,
        int leakedContent,
        List<String> notes,
        List<String> problems,
        Map<String, Long> timingsMs,
        Instant verifiedAt,
        LabelConflicts labelConflicts,
        NearDuplicateReport nearDuplicates,
        List<SmallClass> smallClasses,
        int threads,
        LayoutFound layout,
        String corruptFiles,
        Map<String, String> classNames,
        TrainingAdvice trainingAdvice,
        Integer originalsRehashed,
        Integer originalsKnown) {

    /**
     * The layout a source was read in.
     *
     * @param name     class-folders, split-folders, csv or filename
     * @param detected whether Sightline told it (else the request named it)
     * @param why      what it was told from
     */
    public record LayoutFound(String name, boolean detected, String why) {
    }

    /** Longest list of ignored files, conflicts or pairs kept in a report (the counts are always complete). */
    public static final int MAX_LISTED = 1000;

    /**
     * One class.
     *
     * @param source     files of the class in the source (after ignoring hidden and system files)
     * @param train      images in train
     * @param test       images in test
     * @param validation images in validation
     * @param excluded   corrupt files left out (policy {@code EXCLUDE})
     */
    public record ClassCount(int source, int train, int test, int validation, int excluded) {
    }

    /**
     * All classes.
     *
     * @param reconciled whether train + test + validation + excluded equals the source count of every class
     */
    public record Totals(int source, int manifest, int train, int test, int validation, int excluded,
                         boolean reconciled) {
    }

    /**
     * A file that is not a usable image, and why.
     *
     * @param kind {@code empty} (0 bytes), {@code not-an-image} (no decoder knows the format),
     *             {@code undecodable} (truncated or malformed), {@code too-large} (file size or header
     *             dimensions beyond the limits; pixels never decoded), {@code unreadable} (I/O error)
     */
    public record CorruptFile(String path, String reason, String kind) {
    }

    /**
     * The same content under two or more classes: one of the labels is wrong.
     *
     * @param policy    {@code warn} or {@code reject}
     * @param count     conflicting contents
     * @param conflicts the first {@value #MAX_LISTED} of them
     */
    public record LabelConflicts(String policy, int count, List<LabelConflict> conflicts) {
    }

    /** One content and the classes and paths it was found under. */
    public record LabelConflict(String sha256, List<String> classes, List<String> paths) {
    }

    /**
     * Near-duplicate pairs across sides.
     *
     * @param policy      {@code warn} or {@code reject}
     * @param hash        the perceptual hash used: {@code dhash64}
     * @param maxDistance largest Hamming distance counted as near
     * @param count       test and validation images with a near-duplicate in train
     * @param pairs       the first {@value #MAX_LISTED} of them, closest first: each a test or
     *                    validation image and its closest train image
     */
    public record NearDuplicateReport(String policy, String hash, int maxDistance, int count,
                                      List<NearDuplicates.Pair> pairs) {
    }

    /**
     * A class with few images: its test share is coarse, or it has no test image at all.
     *
     * @param className the class
     * @param images    its images in the version
     * @param test      of them in test
     * @param note      what that means for it
     */
    public record SmallClass(String className, int images, int test, String note) {
    }

    /** One content under several paths. */
    public record Duplicate(String sha256, List<String> paths) {
    }

    /** Creates an empty builder. */
    public static VerificationReportBuilder builder() {
        return new VerificationReportBuilder();
    }

    /** A builder holding every value of this report. */
    public VerificationReportBuilder toBuilder() {
        VerificationReportBuilder b = new VerificationReportBuilder();
        b.dataset = dataset;
        b.version = version;
        b.passed = passed;
        b.digest = digest;
        b.source = source;
        b.splitMode = splitMode;
        b.seed = seed;
        b.testRatio = testRatio;
        b.validationRatio = validationRatio;
        b.groupPattern = groupPattern;
        b.classes = classes;
        b.totals = totals;
        b.blobsChecked = blobsChecked;
        b.originalsChecked = originalsChecked;
        b.corrupt = corrupt;
        b.duplicates = duplicates;
        b.ignoredCount = ignoredCount;
        b.ignored = ignored;
        b.leakedContent = leakedContent;
        b.notes = notes;
        b.problems = problems;
        b.timingsMs = timingsMs;
        b.verifiedAt = verifiedAt;
        b.labelConflicts = labelConflicts;
        b.nearDuplicates = nearDuplicates;
        b.smallClasses = smallClasses;
        b.threads = threads;
        b.layout = layout;
        b.corruptFiles = corruptFiles;
        b.classNames = classNames;
        b.trainingAdvice = trainingAdvice;
        b.originalsRehashed = originalsRehashed;
        b.originalsKnown = originalsKnown;
        return b;
    }

    /** A copy with the timings completed (the publish stage is timed after the check). */
    VerificationReport withTimings(Map<String, Long> timings) {
        return toBuilder().setTimingsMs(timings).build();
    }
}
