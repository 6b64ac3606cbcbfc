package io.sightline.dataset;

import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.importing.FindingPolicy;
import io.sightline.dataset.importing.NearDuplicates;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.dataset.source.SourceLimits;
import io.sightline.dataset.split.SplitMode;
import java.nio.file.Path;
import io.sightline.dataset.importing.TrainingAdvice;
import java.util.List;

/**
 * The service's settings, free of any configuration framework ({@code config} maps them in).
 *
 * @param importRoots            folders a source must lie in
 * @param defaultTestRatio       test share when a request gives none
 * @param defaultValidationRatio validation share when a request gives none
 * @param defaultSeed            seed when a request gives none
 * @param splitMode              how groups are cut into splits
 * @param corruptFiles           what an undecodable file does to an import
 * @param labelConflicts         what the same content under two classes does to an import
 * @param nearDuplicates         what a near-duplicate pair across sides does to an import
 * @param nearDuplicateDistance  largest dHash Hamming distance (0-8) of a near-duplicate pair
 * @param smallClassImages       a class with fewer images than this is listed as small in the report
 * @param threads                threads that read, hash, decode and copy within one import
 * @param limits                 bounds for uploaded archives and remote sources
 * @param workDir                where uploads are received and archives / remote sources are unpacked;
 *                               each import's folder is removed when it finishes
 * @param decodeBudget           most bytes one decoded image may take (a share of the heap); larger ones are
 *                               corrupt, kind {@code too-large}, without being decoded
 * @param transferBelow          training images per class below which the report recommends transfer learning
 * @param knownFiles             source files whose digest and decode an import remembers by their file-system stamp,
 *                               for the imports after it (decision 118); 0 remembers none
 */
public record DatasetSettings(List<Path> importRoots, double defaultTestRatio, double defaultValidationRatio,
                              long defaultSeed, SplitMode splitMode, CorruptFilePolicy corruptFiles,
                              FindingPolicy labelConflicts, FindingPolicy nearDuplicates, int nearDuplicateDistance,
                              int smallClassImages, int threads, SourceLimits limits, Path workDir,
                              DecodeBudget decodeBudget, int transferBelow, int knownFiles) {

    public DatasetSettings {
        importRoots = List.copyOf(importRoots);
        if (nearDuplicateDistance < 0 || nearDuplicateDistance > NearDuplicates.MAX_DISTANCE) {
            throw new IllegalArgumentException("near-duplicate distance must be 0-" + NearDuplicates.MAX_DISTANCE
                    + ", got " + nearDuplicateDistance);
        }
        threads = Math.max(1, threads);
        decodeBudget = decodeBudget == null ? DecodeBudget.ofHeap() : decodeBudget;
        knownFiles = Math.max(0, knownFiles);
    }

    /** The skeleton's settings with the defaults for everything added since. */
    public DatasetSettings(List<Path> importRoots, double defaultTestRatio, double defaultValidationRatio,
                           long defaultSeed, SplitMode splitMode, CorruptFilePolicy corruptFiles) {
        this(builder().setImportRoots(importRoots).setDefaultTestRatio(defaultTestRatio)
                .setDefaultValidationRatio(defaultValidationRatio).setDefaultSeed(defaultSeed).setSplitMode(splitMode)
                .setCorruptFiles(corruptFiles).build());
    }

    /** The canonical constructor again for values a builder holds: a record's other constructors must end there. */
    private DatasetSettings(DatasetSettings built) {
        this(built.importRoots, built.defaultTestRatio, built.defaultValidationRatio, built.defaultSeed,
                built.splitMode, built.corruptFiles, built.labelConflicts, built.nearDuplicates,
                built.nearDuplicateDistance, built.smallClassImages, built.threads, built.limits, built.workDir,
                built.decodeBudget, built.transferBelow, built.knownFiles);
    }

    /** A builder with the defaults of the configuration ({@code config.DatasetConfig}) and no import root. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().setImportRoots(importRoots).setDefaultTestRatio(defaultTestRatio)
                .setDefaultValidationRatio(defaultValidationRatio).setDefaultSeed(defaultSeed).setSplitMode(splitMode)
                .setCorruptFiles(corruptFiles).setLabelConflicts(labelConflicts).setNearDuplicates(nearDuplicates)
                .setNearDuplicateDistance(nearDuplicateDistance).setSmallClassImages(smallClassImages)
                .setThreads(threads).setLimits(limits).setWorkDir(workDir).setDecodeBudget(decodeBudget)
                .setTransferBelow(transferBelow).setKnownFiles(knownFiles);
    }

    /** A copy with other policies for label conflicts and near-duplicates. */
    public DatasetSettings withFindings(FindingPolicy conflicts, FindingPolicy near, int distance) {
        return toBuilder().setLabelConflicts(conflicts).setNearDuplicates(near).setNearDuplicateDistance(distance)
                .build();
    }

    /** A copy with other source limits and work folder. */
    public DatasetSettings withSources(SourceLimits sourceLimits, Path work) {
        return toBuilder().setLimits(sourceLimits).setWorkDir(work).build();
    }

    /** Builds {@link DatasetSettings}; every value starts at its configuration default. */
    public static final class Builder {

        private List<Path> importRoots = List.of();
        private double defaultTestRatio = 0.2;
        private double defaultValidationRatio = 0;
        private long defaultSeed = 42;
        private SplitMode splitMode = SplitMode.STABLE;
        private CorruptFilePolicy corruptFiles = CorruptFilePolicy.REJECT;
        private FindingPolicy labelConflicts = FindingPolicy.REJECT;
        private FindingPolicy nearDuplicates = FindingPolicy.WARN;
        private int nearDuplicateDistance = 4;
        private int smallClassImages = 10;
        private int threads = 2;
        private SourceLimits limits = SourceLimits.DEFAULTS;
        private Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "sightline-dataset-work");
        private DecodeBudget decodeBudget = DecodeBudget.ofHeap();
        private int transferBelow = TrainingAdvice.DEFAULT_TRANSFER_BELOW;
        private int knownFiles = 100_000;

        private Builder() {
        }

        public Builder setImportRoots(List<Path> importRoots) {
            this.importRoots = importRoots;
            return this;
        }

        public Builder setDefaultTestRatio(double defaultTestRatio) {
            this.defaultTestRatio = defaultTestRatio;
            return this;
        }

        public Builder setDefaultValidationRatio(double defaultValidationRatio) {
            this.defaultValidationRatio = defaultValidationRatio;
            return this;
        }

        public Builder setDefaultSeed(long defaultSeed) {
            this.defaultSeed = defaultSeed;
            return this;
        }

        public Builder setSplitMode(SplitMode splitMode) {
            this.splitMode = splitMode;
            return this;
        }

        public Builder setCorruptFiles(CorruptFilePolicy corruptFiles) {
            this.corruptFiles = corruptFiles;
            return this;
        }

        public Builder setLabelConflicts(FindingPolicy labelConflicts) {
            this.labelConflicts = labelConflicts;
            return this;
        }

        public Builder setNearDuplicates(FindingPolicy nearDuplicates) {
            this.nearDuplicates = nearDuplicates;
            return this;
        }

        public Builder setNearDuplicateDistance(int nearDuplicateDistance) {
            this.nearDuplicateDistance = nearDuplicateDistance;
            return this;
        }

        public Builder setSmallClassImages(int smallClassImages) {
            this.smallClassImages = smallClassImages;
            return this;
        }

        public Builder setThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder setLimits(SourceLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder setWorkDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder setDecodeBudget(DecodeBudget decodeBudget) {
            this.decodeBudget = decodeBudget;
            return this;
        }

        public Builder setTransferBelow(int transferBelow) {
            this.transferBelow = transferBelow;
            return this;
        }

        public Builder setKnownFiles(int knownFiles) {
            this.knownFiles = knownFiles;
            return this;
        }

        public DatasetSettings build() {
            return new DatasetSettings(importRoots, defaultTestRatio, defaultValidationRatio, defaultSeed, splitMode,
                    corruptFiles, labelConflicts, nearDuplicates, nearDuplicateDistance, smallClassImages, threads,
                    limits, workDir, decodeBudget, transferBelow, knownFiles);
        }
    }
}
