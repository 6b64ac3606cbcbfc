package io.sightline.dataset.source;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Locale;

/**
 * How to read a source, as a request asked (every field optional).
 *
 * @param layout          the layout, or null to detect it
 * @param labels          csv: the labels file relative to the source, or null for the only one at the source root
 * @param pathColumn      csv: the column holding each image's path, or null to find it by name
 * @param labelColumn     csv: the column holding each image's label, or null to find it by name
 * @param filenamePattern filename: group 1 of the first match in a file's name is its label; linear-time (RE2)
 * @param cropRoi         whether each image becomes its annotated region of interest
 * @param classNames      a {@code classId,name} file relative to the source, or null
 */
public record LayoutOptions(Layout layout, String labels, String pathColumn, String labelColumn,
                            Pattern filenamePattern, boolean cropRoi, String classNames) {

    /** Longest pattern accepted: RE2 is linear in the input, but its program grows with the pattern. */
    public static final int MAX_PATTERN_CHARS = 500;
    /** The filename pattern when none is given: the leading letters before a '.', '_' or '-' ({@code cat.123.jpg}). */
    public static final String DEFAULT_FILENAME_PATTERN = "^([A-Za-z]+)[._-]";

    /** Detect the layout; nothing else asked. */
    public static final LayoutOptions DETECT = new LayoutOptions(null, null, null, null, null, false, null);

    /** Class folders, nothing else asked: how sources were read before layouts existed. */
    public static final LayoutOptions CLASS_FOLDERS = new LayoutOptions(Layout.CLASS_FOLDERS, null, null, null, null,
            false, null);

    /** The same options with the layout (and, for csv, the labels file) settled. */
    public LayoutOptions with(Layout settled, String labelsFile) {
        return new LayoutOptions(settled, labelsFile != null ? labelsFile : labels, pathColumn, labelColumn,
                filenamePattern, cropRoi, classNames);
    }

    /** The filename pattern to use: the given one or {@link #DEFAULT_FILENAME_PATTERN}. */
    public Pattern filenamePatternOrDefault() {
        return filenamePattern != null ? filenamePattern : Pattern.compile(DEFAULT_FILENAME_PATTERN);
    }

    /**
     * Checks request fields as given.
     *
     * @throws InvalidImportException with the reason
     */
    public static LayoutOptions of(String layout, String labels, String pathColumn, String labelColumn,
                                   String filenamePattern, String crop, String classNames) {
        return new LayoutOptions(Layout.parse(layout), relativePath("labels", labels),
                columnName("pathColumn", pathColumn), columnName("labelColumn", labelColumn),
                compile(filenamePattern), cropRoi(crop), relativePath("classNames", classNames));
    }

    private static boolean cropRoi(String crop) {
        if (crop == null || crop.isBlank() || crop.trim().equalsIgnoreCase("none")) {
            return false;
        }
        if (crop.trim().toLowerCase(Locale.ROOT).equals("roi")) {
            return true;
        }
        throw new InvalidImportException("crop must be roi or none; got: " + ClassNames.printable(crop));
    }

    private static Pattern compile(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > MAX_PATTERN_CHARS) {
            throw new InvalidImportException("filenamePattern is longer than " + MAX_PATTERN_CHARS + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new InvalidImportException("filenamePattern is not a valid RE2 regular expression: "
                    + e.getDescription());
        }
        if (pattern.groupCount() < 1) {
            throw new InvalidImportException("filenamePattern needs a capture group: its group 1 is the label");
        }
        return pattern;
    }

    private static String columnName(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > 200 || ClassNames.problem(text).isPresent()) {
            throw new InvalidImportException(field + " is not a usable column name: " + ClassNames.printable(text));
        }
        return text.trim();
    }

    /** A path inside the source: relative, '/'-separated, no '..', no control characters. */
    private static String relativePath(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String path = text.trim();
        if (path.length() > 1000 || path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
            throw new InvalidImportException(field + " must be a path relative to the source; got: "
                    + ClassNames.printable(text));
        }
        for (String segment : path.split("/", -1)) {
            if (ClassNames.problem(segment).isPresent()) {
                throw new InvalidImportException(field + " must be a path relative to the source without '..' or"
                        + " empty parts; got: " + ClassNames.printable(text));
            }
        }
        return path;
    }
}
