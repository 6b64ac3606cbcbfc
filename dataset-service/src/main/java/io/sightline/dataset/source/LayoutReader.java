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
                    notes, null, null);
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
        // a labels, names or annotations file outside the source could change the listing unseen: walk again then
        boolean namesAlone = choice.layout() != Layout.CSV && !options.cropRoi() && options.classNames() == null;
        return new SourceScanner.Listing(List.copyOf(classes), files, ignored, problems, choice.layout(),
                choice.why(), names, notes, choice.layout() == Layout.CSV ? choice.labels() : null,
                namesAlone ? walk.stamps() : null);
    }

    private void classFolders() {
        classes.addAll(walk.topFolders());
        for (SourceScanner.WalkedFile image : walk.images()) {
            if (image.depth() == 0) {
                ignore(image, "not in a class folder");
            } else {
                files.add(new SourceScanner.SourceFile(image.path(), SourcePaths.first(image.path()), image.file()));
            }
        }
    }

    private void splitFolders() {
        Map<String, String> folderOfSplit = new LinkedHashMap<>();
        for (String top : walk.topFolders()) {
            String split = LayoutDetection.splitOf(top);
            if (split == null) {
                problems.add("top folder " + ClassNames.printable(top) + "/ is not a split folder (train, test, val;"
                        + " or training, testing, valid, validation, training_set, test_set)");
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
        Map<String, String> splitOfTop = new HashMap<>();
        folderOfSplit.forEach((split, top) -> splitOfTop.put(top, split));
        if (!folderOfSplit.containsKey("test") && folderOfSplit.containsKey("val")) {
            // train/ + validation/ (Keras' cats_and_dogs_filtered): the held-out folder is what a model is tested on
            splitOfTop.put(folderOfSplit.get("val"), "test");
            notes.add("no test/ folder: " + folderOfSplit.get("val") + "/ is the test split (held out; training"
                    + " takes its validation images from train)");
        }
        // a split folder that only wraps one of the same name (Kaggle's training_set/training_set/cats/…)
        Map<String, String> classRoot = new HashMap<>();
        for (String top : splitOfTop.keySet()) {
            List<String> children = walk.folders().stream().filter(f -> f.startsWith(top + "/")
                    && f.indexOf('/', top.length() + 1) < 0).toList();
            boolean wrapped = children.size() == 1 && children.get(0).equals(top + "/" + top)
                    && walk.images().stream().noneMatch(i -> i.path().startsWith(top + "/") && i.depth() == 1);
            classRoot.put(top, wrapped ? top + "/" + top + "/" : top + "/");
        }
        for (String folder : walk.folders()) {
            String top = SourcePaths.first(folder + "/");
            String prefix = classRoot.get(top);
            if (prefix != null && folder.startsWith(prefix) && folder.indexOf('/', prefix.length()) < 0) {
                classes.add(folder.substring(prefix.length()));
            }
        }
        Map<String, Set<String>> splitsOfClass = new HashMap<>();
        for (SourceScanner.WalkedFile image : walk.images()) {
            String top = image.depth() == 0 ? null : SourcePaths.first(image.path());
            String prefix = top == null ? null : classRoot.get(top);
            if (prefix == null) {
                ignore(image, "not in a split folder");
                continue;
            }
            String rest = image.path().startsWith(prefix) ? image.path().substring(prefix.length()) : "";
            if (rest.indexOf('/') < 0) {
                ignore(image, "not in a class folder");
                continue;
            }
            String cls = SourcePaths.first(rest);
            String split = splitOfTop.get(top);
            files.add(new SourceScanner.SourceFile(image.path(), cls, image.file(), split, null));
            splitsOfClass.computeIfAbsent(cls, c -> new TreeSet<>()).add(split);
        }
        for (String cls : classes) {
            for (String split : new TreeSet<>(splitOfTop.values())) {
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
        SourceScanner.WalkedFile table = usedTable(labelsPath, "labels file");
        if (table == null) {
            return;
        }
        Map<String, SourceScanner.WalkedFile> byPath = new HashMap<>();
        walk.images().forEach(i -> byPath.put(i.path(), i));
        String base = SourcePaths.parent(labelsPath);
        Set<String> listed = new HashSet<>();
        List<String> missing = new ArrayList<>();
        LineProblems lines = new LineProblems(labelsPath);
        int[] columns = new int[3]; // path, label, and whether the header was usable (1)
        int[][] roi = new int[1][];
        boolean read = scan(table, "labels file", (line, row) -> {
            if (line == 1) {
                columns[0] = column(labelsPath, row, options.pathColumn(), PATH_COLUMNS, "path", "pathColumn");
                columns[1] = column(labelsPath, row, options.labelColumn(), LABEL_COLUMNS, "label", "labelColumn");
                columns[2] = columns[0] >= 0 && columns[1] >= 0 ? 1 : 0;
                roi[0] = options.cropRoi() ? roiColumns(row) : null;
                return;
            }
            if (columns[2] == 0) {
                return;
            }
            if (row.size() <= Math.max(columns[0], columns[1])) {
                lines.add(line, "fewer columns than the header");
                return;
            }
            String path = row.get(columns[0]).replace('\\', '/');
            SourceScanner.WalkedFile image = byPath.get(SourcePaths.join(base, path));
            if (image == null && !base.isEmpty()) {
                image = byPath.get(SourcePaths.join("", path));
            }
            if (image == null) {
                if (missing.size() < 5) {
                    missing.add(path);
                }
                lines.missing++;
                return;
            }
            String label = row.get(columns[1]).trim();
            if (label.isEmpty()) {
                lines.add(line, "empty label for " + image.path());
            } else if (!listed.add(image.path())) {
                lines.add(line, image.path() + " is listed again");
            } else {
                classes.add(label);
                files.add(new SourceScanner.SourceFile(image.path(), label, image.file()));
                if (roi[0] != null) {
                    putCrop(image.path(), row, roi[0], lines, line);
                }
            }
        });
        if (!read || columns[2] == 0) {
            return;
        }
        lines.report(problems);
        if (lines.missing > 0) {
            problems.add("labels file " + labelsPath + " names " + lines.missing + " file(s) that are not images in"
                    + " the source, e.g. " + String.join(", ", missing));
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
        SourceScanner.WalkedFile table = usedTable(other.path(), "annotations (crop roi)");
        String base = SourcePaths.parent(other.path());
        LineProblems lines = new LineProblems(other.path());
        int[] pathColumn = new int[1];
        int[][] roi = new int[1][];
        scan(table, "annotations", (line, row) -> {
            if (line == 1) {
                pathColumn[0] = CsvTable.column(row, PATH_COLUMNS);
                roi[0] = roiColumns(row);
            } else if (row.size() > pathColumn[0] && roi[0] != null) {
                putCrop(SourcePaths.join(base, row.get(pathColumn[0]).replace('\\', '/')), row, roi[0], lines, line);
            }
        });
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

    /** Reads a small table the layout uses and marks it used; null (with a problem) when it cannot. */
    private CsvTable table(String path, String use) {
        SourceScanner.WalkedFile file = usedTable(path, use);
        if (file == null) {
            return null;
        }
        try {
            return CsvTable.read(file.file());
        } catch (IOException e) {
            problems.add(use + " " + path + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    /** The table at {@code path}, marked used; null (with a problem) when the source has none there. */
    private SourceScanner.WalkedFile usedTable(String path, String use) {
        SourceScanner.WalkedFile file = walk.others().stream().filter(o -> o.path().equals(path)).findFirst()
                .orElse(null);
        if (file == null) {
            problems.add(use + " " + ClassNames.printable(path) + " is not a table (.csv, .tsv, .txt) in the source");
            return null;
        }
        used.put(path, use);
        return file;
    }

    /** Streams a table's rows to {@code handler}; false (with a problem) when it cannot be read. */
    private boolean scan(SourceScanner.WalkedFile table, String use, CsvTable.RowHandler handler) {
        try {
            CsvTable.scan(table.file(), handler);
            return true;
        } catch (IOException e) {
            problems.add(use + " " + table.path() + " cannot be read: " + e.getMessage());
            return false;
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

}
