package io.sightline.dataset.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells a source's layout from what a walk found, and only when that is unambiguous; otherwise says what to
 * name in the request. The rules, in order:
 * <ol>
 *   <li>every top folder is a split name ({@code train}, {@code test}, {@code val} and their long forms), a
 *       train one among them, and they hold folders: {@code split-folders};</li>
 *   <li>exactly one table at the source root has a path and a label column: {@code csv} (two or more: ambiguous);</li>
 *   <li>images lie directly in the source root and no top folder holds any: {@code filename} when every name
 *       gives a label by the pattern and there are at least two labels;</li>
 *   <li>otherwise {@code class-folders}.</li>
 * </ol>
 */
public final class LayoutDetection {

    /** Folder names of the splits, lower case, by the split they stand for. */
    static final Map<String, String> SPLIT_NAMES = Map.ofEntries(Map.entry("train", "train"),
            Map.entry("training", "train"), Map.entry("training_set", "train"), Map.entry("test", "test"),
            Map.entry("testing", "test"), Map.entry("test_set", "test"), Map.entry("val", "val"),
            Map.entry("valid", "val"), Map.entry("validation", "val"), Map.entry("validation_set", "val"));

    /**
     * A decision.
     *
     * @param layout the layout, or null when it cannot be told
     * @param why    what it was told from, or what to name in the request
     * @param labels csv: the labels file, relative to the source
     */
    public record Choice(Layout layout, String why, String labels) {
    }

    private LayoutDetection() {
    }

    /** The split a top folder stands for, or null. */
    public static String splitOf(String folder) {
        return SPLIT_NAMES.get(folder.toLowerCase(Locale.ROOT));
    }

    /** The layout {@code options} name, or the one {@code walk} shows. */
    public static Choice choose(SourceScanner.Walk walk, LayoutOptions options) {
        if (options.layout() != null) {
            return new Choice(options.layout(), "as asked", options.labels());
        }
        if (options.labels() != null) {
            return new Choice(Layout.CSV, "a labels file was named", options.labels());
        }
        List<String> tops = walk.topFolders();
        Set<String> splits = new TreeSet<>();
        tops.forEach(t -> {
            if (splitOf(t) != null) {
                splits.add(splitOf(t));
            }
        });
        boolean nested = walk.folders().stream().anyMatch(f -> f.indexOf('/') > 0);
        if (!tops.isEmpty() && splits.size() >= 2 && splits.contains("train")
                && tops.stream().allMatch(t -> splitOf(t) != null) && nested) {
            return new Choice(Layout.SPLIT_FOLDERS, "top folders " + String.join(", ", tops.stream().map(t -> t + "/")
                    .toList()) + " hold class folders", null);
        }
        List<String> tables = labelTables(walk);
        if (tables.size() == 1) {
            return new Choice(Layout.CSV, "labels file " + tables.get(0) + " at the source root", tables.get(0));
        }
        if (tables.size() > 1) {
            return new Choice(null, "several labels files at the source root (" + String.join(", ", tables)
                    + "): name one with labelsFile", null);
        }
        List<SourceScanner.WalkedFile> rootImages = walk.images().stream().filter(f -> f.depth() == 0).toList();
        boolean imagesInFolders = walk.images().stream().anyMatch(f -> f.depth() > 0);
        if (!rootImages.isEmpty() && !imagesInFolders) {
            com.google.re2j.Pattern pattern = options.filenamePatternOrDefault();
            Set<String> labels = new TreeSet<>();
            for (SourceScanner.WalkedFile f : rootImages) {
                String label = LayoutReader.labelOf(pattern, f.name());
                if (label == null) {
                    return new Choice(null, "images lie directly in the source root and " + f.name()
                            + " gives no label by the file-name pattern " + pattern.pattern()
                            + ": name a layout (csv with labelsFile, or filename with filenamePattern)", null);
                }
                labels.add(label);
            }
            if (labels.size() >= 2) {
                return new Choice(Layout.FILENAME, "images in the source root, labels from their names by "
                        + pattern.pattern(), null);
            }
            return new Choice(null, "images lie directly in the source root and their names give one label ("
                    + String.join(", ", labels) + "): name a layout (csv with labelsFile, or filename with"
                    + " filenamePattern)", null);
        }
        return new Choice(Layout.CLASS_FOLDERS, "one folder per class", null);
    }

    /** Tables at the source root with a path and a label column. */
    private static List<String> labelTables(SourceScanner.Walk walk) {
        List<String> found = new ArrayList<>();
        for (SourceScanner.WalkedFile other : walk.others()) {
            String name = other.name().toLowerCase(Locale.ROOT);
            if (other.depth() == 0 && (name.endsWith(".csv") || name.endsWith(".tsv"))) {
                try {
                    List<String> header = CsvTable.header(other.file());
                    if (CsvTable.column(header, LayoutReader.PATH_COLUMNS) >= 0
                            && CsvTable.column(header, LayoutReader.LABEL_COLUMNS) >= 0) {
                        found.add(other.path());
                    }
                } catch (IOException e) {
                    // not a readable table: not a labels file
                }
            }
        }
        return found;
    }
}
