package io.sightline.dataset;

import java.nio.file.Path;

/**
 * A checked import request.
 *
 * @param name       dataset name, valid per {@link io.sightline.storage.StoreKeys#isValidName}
 * @param sourceText the source as the caller wrote it (kept in the manifest for lineage)
 * @param source     real path of the source folder (symlinks resolved)
 * @param importRoot real path of the import root the source lies in; no file may resolve outside it
 * @param split      how to split
 */
public record ImportSpec(String name, String sourceText, Path source, Path importRoot, SplitSettings split) {
}
