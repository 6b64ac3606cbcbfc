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
 */
public record DatasetSettings(List<Path> importRoots, double defaultTestRatio, double defaultValidationRatio,
                              long defaultSeed, SplitMode splitMode, CorruptFilePolicy corruptFiles) {

    public DatasetSettings {
        importRoots = List.copyOf(importRoots);
    }
}
