package io.sightline.dataset.rest;

import io.sightline.dataset.ImportRequest;
import jakarta.ws.rs.QueryParam;

/** The layout options and policies of {@code POST /datasets/{name}/archive}, as query parameters. */
public class ArchiveOptions {

    @QueryParam("layout")
    String layout;
    @QueryParam("labelsFile")
    String labelsFile;
    @QueryParam("labels")
    String labels;
    @QueryParam("pathColumn")
    String pathColumn;
    @QueryParam("labelColumn")
    String labelColumn;
    @QueryParam("filenamePattern")
    String filenamePattern;
    @QueryParam("crop")
    String crop;
    @QueryParam("classNames")
    String classNames;
    @QueryParam("corruptFiles")
    String corruptFiles;
    @QueryParam("labelConflicts")
    String labelConflicts;
    @QueryParam("nearDuplicates")
    String nearDuplicates;

    ImportRequest.Options toOptions() {
        return new ImportRequest.Options(layout, labelsFile != null ? labelsFile : labels, pathColumn, labelColumn, filenamePattern, crop, classNames,
                corruptFiles, labelConflicts, nearDuplicates);
    }
}
