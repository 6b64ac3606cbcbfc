package io.sightline.dataset;

import java.nio.file.Path;
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
 */
public record DatasetSettings(List<Path> importRoots, double defaultTestRatio, double defaultValidationRatio,
                              long defaultSeed, SplitMode splitMode, CorruptFilePolicy corruptFiles,
                              FindingPolicy labelConflicts, FindingPolicy nearDuplicates, int nearDuplicateDistance,
                              int smallClassImages, int threads, SourceLimits limits, Path workDir) {

    public DatasetSettings {
        importRoots = List.copyOf(importRoots);
        if (nearDuplicateDistance < 0 || nearDuplicateDistance > NearDuplicates.MAX_DISTANCE) {
            throw new IllegalArgumentException("near-duplicate distance must be 0-" + NearDuplicates.MAX_DISTANCE
                    + ", got " + nearDuplicateDistance);
        }
        threads = Math.max(1, threads);
    }

    /** The skeleton's settings with the defaults for everything added since. */
    public DatasetSettings(List<Path> importRoots, double defaultTestRatio, double defaultValidationRatio,
                           long defaultSeed, SplitMode splitMode, CorruptFilePolicy corruptFiles) {
        this(importRoots, defaultTestRatio, defaultValidationRatio, defaultSeed, splitMode, corruptFiles,
                FindingPolicy.REJECT, FindingPolicy.WARN, 4, 10, 2, SourceLimits.DEFAULTS,
                Path.of(System.getProperty("java.io.tmpdir"), "sightline-dataset-work"));
    }

    /** A copy with other policies for label conflicts and near-duplicates. */
    public DatasetSettings withFindings(FindingPolicy conflicts, FindingPolicy near, int distance) {
        return new DatasetSettings(importRoots, defaultTestRatio, defaultValidationRatio, defaultSeed, splitMode,
                corruptFiles, conflicts, near, distance, smallClassImages, threads, limits, workDir);
    }

    /** A copy with other source limits and work folder. */
    public DatasetSettings withSources(SourceLimits sourceLimits, Path work) {
        return new DatasetSettings(importRoots, defaultTestRatio, defaultValidationRatio, defaultSeed, splitMode,
                corruptFiles, labelConflicts, nearDuplicates, nearDuplicateDistance, smallClassImages, threads,
                sourceLimits, work);
    }
}
