package io.sightline.dataset.rest;

import io.sightline.dataset.ImportRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /datasets}. */
@Schema(description = "A dataset version to import from a class-per-folder directory")
public record CreateDatasetRequest(
        @Schema(description = "dataset name: letters, digits, '.', '_', '-'", example = "cracks", required = true)
        String name,
        @Schema(description = "folder with one sub-folder per class: file:/abs/dir or /abs/dir, inside an import root",
                example = "file:/data/cracks", required = true)
        String source,
        @Schema(description = "test share per class, 0 < r < 1 (default from configuration)", example = "0.2")
        Double testRatio,
        @Schema(description = "validation share per class, >= 0, testRatio + validationRatio < 1", example = "0.1")
        Double validationRatio,
        @Schema(description = "split seed (default from configuration)", example = "42")
        Long seed,
        @Schema(description = "regex; its group 1 in a file's relative path is the file's group, kept on one side",
                example = "^[^/]+/([^_]+)_")
        String groupPattern) {

    ImportRequest toDomain() {
        return new ImportRequest(name, source, testRatio, validationRatio, seed, groupPattern);
    }
}
