package io.sightline.dataset.importing;

import io.sightline.dataset.source.SourceScanner;
import io.sightline.dataset.split.SplitSettings;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds a {@link VerificationReport}: {@code setX} for values every report has, {@code optX} for nullable ones. */
public final class VerificationReportBuilder {

    String dataset;
    String version;
    boolean passed;
    String digest;
    String source;
    String splitMode;
    long seed;
    double testRatio;
    double validationRatio;
    String groupPattern;
    Map<String, VerificationReport.ClassCount> classes;
    VerificationReport.Totals totals;
    int blobsChecked;
    int originalsChecked;
    Integer originalsRehashed;
    Integer originalsKnown;
    List<VerificationReport.CorruptFile> corrupt;
    List<VerificationReport.Duplicate> duplicates;
    int ignoredCount;
    List<SourceScanner.IgnoredFile> ignored;
    int leakedContent;
    List<String> notes;
    List<String> problems;
    Map<String, Long> timingsMs;
    Instant verifiedAt;
    VerificationReport.LabelConflicts labelConflicts;
    VerificationReport.NearDuplicateReport nearDuplicates;
    List<VerificationReport.SmallClass> smallClasses;
    int threads;
    VerificationReport.LayoutFound layout;
    String corruptFiles;
    Map<String, String> classNames;
    TrainingAdvice trainingAdvice;

    VerificationReportBuilder() {
    }

    public VerificationReportBuilder setDataset(String dataset) {
        this.dataset = dataset;
        return this;
    }

    public VerificationReportBuilder setVersion(String version) {
        this.version = version;
        return this;
    }

    public VerificationReportBuilder setPassed(boolean passed) {
        this.passed = passed;
        return this;
    }

    public VerificationReportBuilder optDigest(String digest) {
        this.digest = digest;
        return this;
    }

    public VerificationReportBuilder setSource(String source) {
        this.source = source;
        return this;
    }

    /** The split's mode (lower case), seed, ratios and group pattern. */
    public VerificationReportBuilder setSplit(SplitSettings split) {
        this.splitMode = split.mode().name().toLowerCase(Locale.ROOT);
        this.seed = split.seed();
        this.testRatio = split.testRatio();
        this.validationRatio = split.validationRatio();
        this.groupPattern = split.groupPatternText();
        return this;
    }

    public VerificationReportBuilder setSplitMode(String splitMode) {
        this.splitMode = splitMode;
        return this;
    }

    public VerificationReportBuilder setSeed(long seed) {
        this.seed = seed;
        return this;
    }

    public VerificationReportBuilder setTestRatio(double testRatio) {
        this.testRatio = testRatio;
        return this;
    }

    public VerificationReportBuilder setValidationRatio(double validationRatio) {
        this.validationRatio = validationRatio;
        return this;
    }

    public VerificationReportBuilder optGroupPattern(String groupPattern) {
        this.groupPattern = groupPattern;
        return this;
    }

    public VerificationReportBuilder setClasses(Map<String, VerificationReport.ClassCount> classes) {
        this.classes = classes;
        return this;
    }

    public VerificationReportBuilder setTotals(VerificationReport.Totals totals) {
        this.totals = totals;
        return this;
    }

    public VerificationReportBuilder setBlobsChecked(int blobsChecked) {
        this.blobsChecked = blobsChecked;
        return this;
    }

    public VerificationReportBuilder setOriginalsChecked(int originalsChecked) {
        this.originalsChecked = originalsChecked;
        return this;
    }

    public VerificationReportBuilder setCorrupt(List<VerificationReport.CorruptFile> corrupt) {
        this.corrupt = corrupt;
        return this;
    }

    public VerificationReportBuilder setDuplicates(List<VerificationReport.Duplicate> duplicates) {
        this.duplicates = duplicates;
        return this;
    }

    public VerificationReportBuilder setIgnoredCount(int ignoredCount) {
        this.ignoredCount = ignoredCount;
        return this;
    }

    public VerificationReportBuilder setIgnored(List<SourceScanner.IgnoredFile> ignored) {
        this.ignored = ignored;
        return this;
    }

    public VerificationReportBuilder setLeakedContent(int leakedContent) {
        this.leakedContent = leakedContent;
        return this;
    }

    public VerificationReportBuilder setNotes(List<String> notes) {
        this.notes = notes;
        return this;
    }

    public VerificationReportBuilder setProblems(List<String> problems) {
        this.problems = problems;
        return this;
    }

    public VerificationReportBuilder setTimingsMs(Map<String, Long> timingsMs) {
        this.timingsMs = timingsMs;
        return this;
    }

    public VerificationReportBuilder setVerifiedAt(Instant verifiedAt) {
        this.verifiedAt = verifiedAt;
        return this;
    }

    public VerificationReportBuilder setLabelConflicts(VerificationReport.LabelConflicts labelConflicts) {
        this.labelConflicts = labelConflicts;
        return this;
    }

    public VerificationReportBuilder setNearDuplicates(VerificationReport.NearDuplicateReport nearDuplicates) {
        this.nearDuplicates = nearDuplicates;
        return this;
    }

    public VerificationReportBuilder setSmallClasses(List<VerificationReport.SmallClass> smallClasses) {
        this.smallClasses = smallClasses;
        return this;
    }

    public VerificationReportBuilder setThreads(int threads) {
        this.threads = threads;
        return this;
    }

    public VerificationReportBuilder setLayout(VerificationReport.LayoutFound layout) {
        this.layout = layout;
        return this;
    }

    public VerificationReportBuilder setCorruptFiles(String corruptFiles) {
        this.corruptFiles = corruptFiles;
        return this;
    }

    public VerificationReportBuilder setClassNames(Map<String, String> classNames) {
        this.classNames = classNames;
        return this;
    }

    public VerificationReportBuilder optOriginalsKnown(Integer originalsKnown) {
        this.originalsKnown = originalsKnown;
        return this;
    }

    public VerificationReportBuilder optOriginalsRehashed(Integer originalsRehashed) {
        this.originalsRehashed = originalsRehashed;
        return this;
    }

    public VerificationReportBuilder optTrainingAdvice(TrainingAdvice trainingAdvice) {
        this.trainingAdvice = trainingAdvice;
        return this;
    }

    public VerificationReport build() {
        return new VerificationReport(dataset, version, passed, digest, source, splitMode, seed, testRatio,
                validationRatio, groupPattern, classes, totals, blobsChecked, originalsChecked, corrupt,
                duplicates, ignoredCount, ignored, leakedContent, notes, problems, timingsMs, verifiedAt,
                labelConflicts, nearDuplicates, smallClasses, threads, layout, corruptFiles, classNames,
                trainingAdvice, originalsRehashed, originalsKnown);
    }
}
