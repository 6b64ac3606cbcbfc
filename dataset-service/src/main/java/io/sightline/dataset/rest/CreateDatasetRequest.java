package io.sightline.dataset.rest;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.sightline.dataset.ImportRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /datasets} and {@code POST /datasets/layout}. */
@Schema(description = "A dataset version to import from a folder of images")
public record CreateDatasetRequest(
        @Schema(description = "dataset name: letters, digits, '.', '_', '-'", example = "cracks", required = true)
        String name,
        @Schema(description = "folder of images: file:/abs/dir or /abs/dir, inside an import root; or s3://bucket/prefix",
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
        String groupPattern,
        @Schema(description = "class-folders | split-folders | csv | filename; detected when absent",
                example = "split-folders")
        String layout,
        @Schema(description = "csv: labels file relative to the source (default: the only one at the root)",
                example = "GT-final_test.csv")
        @JsonAlias("labels")
        String labelsFile,
        @Schema(description = "csv: column of image paths (default: Path, Filename, File, Image, ...)",
                example = "Filename")
        String pathColumn,
        @Schema(description = "csv: column of labels (default: ClassId, Label, Class, Category, ...)",
                example = "ClassId")
        String labelColumn,
        @Schema(description = "filename: RE2 regex whose group 1 in a file name is the label",
                example = "^([a-z]+)\\.")
        String filenamePattern,
        @Schema(description = "roi: each image becomes its annotated region of interest (Roi.X1..Roi.Y2); none",
                example = "roi")
        String crop,
        @Schema(description = "classId,name file relative to the source: display names", example = "signnames.csv")
        String classNames,
        @Schema(description = "reject | exclude: what an undecodable file does (default from configuration)",
                example = "exclude")
        String corruptFiles,
        @Schema(description = "reject | warn: the same content under two classes", example = "warn")
        String labelConflicts,
        @Schema(description = "reject | warn: look-alike (or, for a given split, identical) images across sides",
                example = "warn")
        String nearDuplicates) {

    ImportRequest toDomain() {
        return new ImportRequest(name, source, testRatio, validationRatio, seed, groupPattern,
                new ImportRequest.Options(layout, labelsFile, pathColumn, labelColumn, filenamePattern, crop, classNames,
                        corruptFiles, labelConflicts, nearDuplicates));
    }
}
