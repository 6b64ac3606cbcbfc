package io.sightline.dataset.importing;

import io.sightline.dataset.source.LayoutOptions;
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
 * @param layout     how the source is laid out (layout null: detected at ingest)
 * @param policies   what findings do to this import; null for the importer's configured policies
 */
public record ImportSpec(String name, String sourceText, Path source, Path importRoot, SplitSettings split,
                         boolean fetched, LayoutOptions layout, ImportPolicies policies) {

    /** A spec of a class-folders source with the importer's configured policies. */
    public ImportSpec(String name, String sourceText, Path source, Path importRoot, SplitSettings split,
                      boolean fetched) {
        this(name, sourceText, source, importRoot, split, fetched, LayoutOptions.CLASS_FOLDERS, null);
    }

    /** Whether the source still has to be downloaded or unpacked before it can be read. */
    public boolean needsFetch() {
        return fetched && source == null;
    }

    /** The spec for a source unpacked or downloaded into {@code folder} (within {@code root}). */
    ImportSpec fetchedInto(Path folder, Path root) {
        return new ImportSpec(name, sourceText, folder, root, split, true, layout, policies);
    }

    /** The same spec with the layout settled (the re-scan after copying reads the source the same way). */
    ImportSpec withLayout(io.sightline.dataset.source.SourceScanner.Listing read) {
        return new ImportSpec(name, sourceText, source, importRoot, split, fetched,
                layout.with(read.layout(), read.labels()), policies);
    }

    /** What the manifest and report name as the source. */
    String origin() {
        return fetched ? sourceText : source.toUri().toString();
    }
}
