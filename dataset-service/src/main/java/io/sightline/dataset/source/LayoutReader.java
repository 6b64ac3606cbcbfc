package io.sightline.dataset.source;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.sightline.storage.DatasetManifest.Crop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a walked source in one layout: which files are images of which class (and, for split folders, of which
 * split), which of the tables beside them are used (labels, annotations, class names) and why the rest is left
 * out. One reader reads once.
 */
public final class LayoutReader {

    /** Column names that hold an image's path, in order of preference (compared by {@link CsvTable#normalise}). */
    static final List<String> PATH_COLUMNS = List.of("Path", "Filename", "File", "FilePath", "Image", "ImagePath",
            "ImageFile", "Img");
    /** Column names that hold an image's label. */
    static final List<String> LABEL_COLUMNS = List.of("ClassId", "Label", "Class", "Category", "Target",
            "ClassName", "LabelId");
    /** GTSRB's region-of-interest columns: x1, y1 inclusive, x2, y2 exclusive once read as a {@link Crop}. */
    static final List<String> ROI_COLUMNS = List.of("Roi.X1", "Roi.Y1", "Roi.X2", "Roi.Y2");
    private static final int MAX_LINE_PROBLEMS = 20;

    private final Path source;
    private final SourceScanner.Walk walk;
    private final List<SourceScanner.SourceFile> files = new ArrayList<>();
    private final List<SourceScanner.IgnoredFile> ignored = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> used = new HashMap<>(); // table path -> what it was used as
    private final TreeSet<String> classes = new TreeSet<>();
    private final Map<String, Crop> crops = new HashMap<>();

    LayoutReader(Path source, SourceScanner.Walk walk) {
        this.source = source;
        this.walk = walk;
    }

    /** Group 1 of {@code pattern}'s first match in {@code name}, or null when there is none or it is empty. */
    public static String labelOf(Pattern pattern, String name) {
        Matcher m = pattern.matcher(name);
        if (m.find() && m.groupCount() >= 1 && m.group(1) != null && !m.group(1).isEmpty()) {
            return m.group(1);
        }
        return null;
    }

    SourceScanner.Listing read(LayoutOptions options) {
        problems.addAll(walk.problems());
        ignored.addAll(walk.ignored());
        LayoutDetection.Choice choice = LayoutDetection.choose(walk, options);
        if (choice.layout() == null) {
            problems.add("layout cannot be told: " + choice.why());
            return new SourceScanner.Listing(List.of(), List.of(), ignored, problems, null, choice.why(), null,
                    notes, null);
        }
        switch (choice.layout()) {
            case CLASS_FOLDERS -> classFolders();
            case SPLIT_FOLDERS -> splitFolders();
            case CSV -> csv(choice.labels(), options);
            case FILENAME -> filename(options.filenamePatternOrDefault());
        }
        if (options.cropRoi()) {
            crop(choice.layout());
        }
        Map<String, String> names = options.classNames() == null ? null : classNames(options.classNames());
        for (SourceScanner.WalkedFile other : walk.others()) {
            String use = used.get(other.path());
            ignored.add(new SourceScanner.IgnoredFile(other.path(), use != null ? use
                    : "not an image (." + SourceScanner.notImageExtension(other.name()) + ")"));
        }
        files.sort(Comparator.comparing(SourceScanner.SourceFile::path));
        ignored.sort(Comparator.comparing(SourceScanner.IgnoredFile::path));
        return new SourceScanner.Listing(List.copyOf(classes), files, ignored, problems, choice.layout(),
                choice.why(), names, notes, choice.layout() == Layout.CSV ? choice.labels() : null);
    }

    private void classFolders() {
        classes.addAll(walk.topFolders());
        for (SourceScanner.WalkedFile image : walk.images()) {
            if (image.depth() == 0) {
                ignore(image, "not in a class folder");
            } else {
                files.add(new SourceScanner.SourceFile(image.path(), first(image.path()), image.file()));
            }
        }
    }

    private void splitFolders() {
        Map<String, String> folderOfSplit = new LinkedHashMap<>();
        for (String top : walk.topFolders()) {
            String split = LayoutDetection.splitOf(top);
            if (split == null) {
                problems.add("top folder " + ClassNames.printable(top) + "/ is not a split folder (train, test, val;"
                        + " or training, testing, valid, validation)");
            } else if (folderOfSplit.containsKey(split)) {
                problems.add("two folders for split " + split + ": " + folderOfSplit.get(split) + "/ and " + top + "/");
            } else {
                folderOfSplit.put(split, top);
            }
        }
        if (!folderOfSplit.containsKey("train")) {
            problems.add("split-folders needs a train/ folder");
        } else if (folderOfSplit.size() < 2) {
            problems.add("split-folders needs a test/ or val/ folder beside train/");
        }
        Map<String, Set<String>> splitsOfClass = new HashMap<>();
        for (String folder : walk.folders()) {
            String[] parts = folder.split("/");
            if (parts.length == 2 && LayoutDetection.splitOf(parts[0]) != null) {
                classes.add(parts[1]);
            }
        }
        for (SourceScanner.WalkedFile image : walk.images()) {
            String[] parts = image.path().split("/", 3);
            String split = parts.length < 2 ? null : LayoutDetection.splitOf(parts[0]);
            if (split == null) {
                ignore(image, "not in a split folder");
            } else if (parts.length < 3) {
                ignore(image, "not in a class folder");
            } else {
                files.add(new SourceScanner.SourceFile(image.path(), parts[1], image.file(), split, null));
                splitsOfClass.computeIfAbsent(parts[1], c -> new TreeSet<>()).add(split);
            }
        }
        for (String cls : classes) {
            for (String split : folderOfSplit.keySet()) {
                if (!splitsOfClass.getOrDefault(cls, Set.of()).contains(split)) {
                    notes.add("class " + ClassNames.printable(cls) + " has no image in the given " + split + " split");
                }
            }
        }
    }

    private void csv(String labelsPath, LayoutOptions options) {
        if (labelsPath == null) {
            problems.add("layout csv needs a labels file at the source root, or one named with labelsFile");
            return;
        }
        CsvTable table = table(labelsPath, "labels file");
        if (table == null) {
            return;
        }
        List<String> header = table.headerRow();
        int pathColumn = column(labelsPath, header, options.pathColumn(), PATH_COLUMNS, "path", "pathColumn");
        int labelColumn = column(labelsPath, header, options.labelColumn(), LABEL_COLUMNS, "label", "labelColumn");
        if (pathColumn < 0 || labelColumn < 0) {
            return;
        }
        int[] roi = options.cropRoi() ? roiColumns(header) : null;
        Map<String, SourceScanner.WalkedFile> byPath = new HashMap<>();
        walk.images().forEach(i -> byPath.put(i.path(), i));
        String base = parent(labelsPath);
        Set<String> listed = new HashSet<>();
        List<String> missing = new ArrayList<>();
        LineProblems lines = new LineProblems(labelsPath);
        for (int n = 1; n < table.rows().size(); n++) {
            List<String> row = table.rows().get(n);
            if (row.size() <= Math.max(pathColumn, labelColumn)) {
                lines.add(n + 1, "fewer columns than the header");
                continue;
            }
            String path = row.get(pathColumn).replace('\\', '/');
            SourceScanner.WalkedFile image = byPath.get(join(base, path));
            if (image == null && !base.isEmpty()) {
                image = byPath.get(path);
            }
            if (image == null) {
                missing.add(path);
                continue;
            }
            String label = row.get(labelColumn).trim();
            if (label.isEmpty()) {
                lines.add(n + 1, "empty label for " + image.path());
            } else if (!listed.add(image.path())) {
                lines.add(n + 1, image.path() + " is listed again");
            } else {
                classes.add(label);
                files.add(new SourceScanner.SourceFile(image.path(), label, image.file()));
                if (roi != null) {
                    putCrop(image.path(), row, roi, lines, n + 1);
                }
            }
        }
        lines.report(problems);
        if (!missing.isEmpty()) {
            problems.add("labels file " + labelsPath + " names " + missing.size() + " file(s) that are not images in"
                    + " the source, e.g. " + String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
        }
        walk.images().stream().filter(i -> !listed.contains(i.path()))
                .forEach(i -> ignore(i, "not in the labels file"));
    }

    private void filename(Pattern pattern) {
        for (SourceScanner.WalkedFile image : walk.images()) {
            String label = labelOf(pattern, image.name());
            if (label == null) {
                ignore(image, "file name gives no label by " + pattern.pattern());
            } else {
                classes.add(label);
                files.add(new SourceScanner.SourceFile(image.path(), label, image.file()));
            }
        }
    }

    /** Crops from annotation tables (class or split folders) or the labels file (csv), one per image. */
    private void crop(Layout layout) {
        if (layout != Layout.CSV) {
            for (SourceScanner.WalkedFile other : walk.others()) {
                annotations(other);
            }
        }
        if (crops.isEmpty()) {
            problems.add("crop roi: no region-of-interest annotations found (a table with a file name column and "
                    + String.join(", ", ROI_COLUMNS) + ")");
            return;
        }
        List<String> without = files.stream().map(SourceScanner.SourceFile::path).filter(p -> !crops.containsKey(p))
                .toList();
        if (!without.isEmpty()) {
            problems.add("crop roi: " + without.size() + " image(s) have no region of interest, e.g. "
                    + String.join(", ", without.subList(0, Math.min(5, without.size()))));
        }
        files.replaceAll(f -> new SourceScanner.SourceFile(f.path(), f.className(), f.file(), f.split(),
                crops.get(f.path())));
    }

    private void annotations(SourceScanner.WalkedFile other) {
        String name = other.name().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".csv") || name.endsWith(".tsv"))) {
            return;
        }
        try {
            List<String> header = CsvTable.header(other.file());
            if (CsvTable.column(header, PATH_COLUMNS) < 0 || roiColumns(header) == null) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        CsvTable table = table(other.path(), "annotations (crop roi)");
        if (table == null) {
            return;
        }
        int pathColumn = CsvTable.column(table.headerRow(), PATH_COLUMNS);
        int[] roi = roiColumns(table.headerRow());
        String base = parent(other.path());
        LineProblems lines = new LineProblems(other.path());
        for (int n = 1; n < table.rows().size(); n++) {
            List<String> row = table.rows().get(n);
            if (row.size() > pathColumn) {
                putCrop(join(base, row.get(pathColumn).replace('\\', '/')), row, roi, lines, n + 1);
            }
        }
        lines.report(problems);
    }

    private void putCrop(String path, List<String> row, int[] roi, LineProblems lines, int line) {
        try {
            int[] v = new int[4];
            for (int i = 0; i < 4; i++) {
                v[i] = Integer.parseInt(row.get(roi[i]).trim());
            }
            if (v[0] < 0 || v[1] < 0 || v[2] <= v[0] || v[3] <= v[1]) {
                lines.add(line, "region of interest " + v[0] + "," + v[1] + "-" + v[2] + "," + v[3] + " of " + path
                        + " is empty or negative");
                return;
            }
            crops.put(path, new Crop(v[0], v[1], v[2], v[3]));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            lines.add(line, "region of interest of " + path + " is not four whole numbers");
        }
    }

    private Map<String, String> classNames(String path) {
        CsvTable table = table(path, "class names");
        return table == null ? null : ClassNameFile.match(table, path, classes, problems, notes);
    }

    /** Reads a table the layout uses and marks it used; null (with a problem) when it cannot. */
    private CsvTable table(String path, String use) {
        SourceScanner.WalkedFile file = walk.others().stream().filter(o -> o.path().equals(path)).findFirst()
                .orElse(null);
        if (file == null) {
            problems.add(use + " " + ClassNames.printable(path) + " is not a table (.csv, .tsv, .txt) in the source");
            return null;
        }
        used.put(path, use);
        try {
            return CsvTable.read(file.file());
        } catch (IOException e) {
            problems.add(use + " " + path + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    private int column(String table, List<String> header, String asked, List<String> known, String what,
                       String option) {
        int index = CsvTable.column(header, asked != null ? List.of(asked) : known);
        if (index < 0) {
            problems.add("labels file " + table + " has no " + what + " column "
                    + (asked != null ? ClassNames.printable(asked) : "(looked for " + String.join(", ", known)
                    + "; name it with " + option + ")") + "; its columns: " + String.join(", ", header));
        }
        return index;
    }

    private static int[] roiColumns(List<String> header) {
        int[] roi = new int[4];
        for (int i = 0; i < 4; i++) {
            roi[i] = CsvTable.column(header, List.of(ROI_COLUMNS.get(i)));
            if (roi[i] < 0) {
                return null;
            }
        }
        return roi;
    }

    private void ignore(SourceScanner.WalkedFile file, String reason) {
        ignored.add(new SourceScanner.IgnoredFile(file.path(), reason));
    }

    private static String first(String path) {
        return path.substring(0, path.indexOf('/'));
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code base/path} with {@code ./} dropped; a path leading out (..) or absolute gives a name no image has. */
    private static String join(String base, String path) {
        String p = path.trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return base.isEmpty() ? p : base + "/" + p;
    }

    /** Problems of single lines of a table, the first few listed and the rest counted. */
    private static final class LineProblems {
        private final String table;
        private final List<String> listed = new ArrayList<>();
        private int count;

        LineProblems(String table) {
            this.table = table;
        }

        void add(int line, String problem) {
            if (count++ < MAX_LINE_PROBLEMS) {
                listed.add(table + " line " + line + ": " + problem);
            }
        }

        void report(List<String> problems) {
            problems.addAll(listed);
            if (count > listed.size()) {
                problems.add(table + ": " + (count - listed.size()) + " more line problem(s)");
            }
        }
    }
}
