package io.sightline.dataset.importing;

import io.sightline.dataset.split.SplitSettings;
import java.nio.file.Path;

/**
 * A checked import request.
 *
 * @param name       dataset name, valid per {@link io.sightline.storage.StoreKeys#isValidName}
 * @param sourceText the source as the caller wrote it (kept in the manifest for lineage)
 * @param source     real path of the source folder (symlinks resolved)
 * @param importRoot real path of the import root the source lies in; no file may resolve outside it
 * @param split      how to split
 * @param fetched    whether the folder is this service's own copy of an uploaded archive or an
 *                   {@code s3://} source (then {@code sourceText} names the origin); null source and root
 *                   until fetched
 */
public record ImportSpec(String name, String sourceText, Path source, Path importRoot, SplitSettings split,
                         boolean fetched) {

    /** Whether the source still has to be downloaded or unpacked before it can be read. */
    public boolean needsFetch() {
        return fetched && source == null;
    }

    /** The spec for a source unpacked or downloaded into {@code folder} (within {@code root}). */
    ImportSpec fetchedInto(Path folder, Path root) {
        return new ImportSpec(name, sourceText, folder, root, split, true);
    }

    /** What the manifest and report name as the source. */
    String origin() {
        return fetched ? sourceText : source.toUri().toString();
    }
}
