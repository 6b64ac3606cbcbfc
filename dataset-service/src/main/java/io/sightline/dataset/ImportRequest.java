package io.sightline.dataset;

import io.sightline.dataset.importing.ImportValidator;

/**
 * What a caller asks for, as given: any field may be missing; {@link ImportValidator} checks it.
 *
 * @param name            dataset name
 * @param source          {@code file:/abs/dir} or {@code /abs/dir}
 * @param testRatio       test share per class, or null for the configured default
 * @param validationRatio validation share per class, or null for the configured default
 * @param seed            split seed, or null for the configured default
 * @param groupPattern    regular expression whose group 1, found in a file's relative path, names the
 *                        file's group (images of one group stay on one side); null to group by content
 * @param options         how the source is laid out and what findings do to this import
 */
public record ImportRequest(String name, String source, Double testRatio, Double validationRatio, Long seed,
                            String groupPattern, Options options) {

    public ImportRequest {
        options = options == null ? Options.NONE : options;
    }

    /** A request with every layout option and policy left to detection and the configuration. */
    public ImportRequest(String name, String source, Double testRatio, Double validationRatio, Long seed,
                         String groupPattern) {
        this(name, source, testRatio, validationRatio, seed, groupPattern, Options.NONE);
    }

    /** The same request from another source. */
    public ImportRequest withSource(String other) {
        return new ImportRequest(name, other, testRatio, validationRatio, seed, groupPattern, options);
    }

    /**
     * Layout and policies as given (null = detect / configuration default).
     *
     * @param layout          class-folders, split-folders, csv or filename
     * @param labels          csv: labels file relative to the source
     * @param pathColumn      csv: column of image paths
     * @param labelColumn     csv: column of labels
     * @param filenamePattern filename: RE2 pattern whose group 1 in a file name is the label
     * @param crop            {@code roi} or {@code none}
     * @param classNames      {@code classId,name} file relative to the source
     * @param corruptFiles    reject or exclude
     * @param labelConflicts  reject or warn
     * @param nearDuplicates  reject or warn
     */
    public record Options(String layout, String labels, String pathColumn, String labelColumn,
                          String filenamePattern, String crop, String classNames, String corruptFiles,
                          String labelConflicts, String nearDuplicates) {

        public static final Options NONE = new Options(null, null, null, null, null, null, null, null, null, null);
    }
}
