package io.sightline.dataset.payloads;

import io.sightline.dataset.source.ClassNames;
import io.sightline.dataset.source.CsvTable;
import io.sightline.dataset.source.SourceScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code requestId,label} table (a header row {@code requestId,label} is optional): which logged request shows
 * which class. Hostile input: its size was bounded before reading, rows are bounded here, request ids must be plain
 * tokens (they become file names) and labels must be acceptable class names, as class folders are.
 *
 * @param labels   label of each request id, in file order
 * @param problems each bad row, at most {@link #MAX_PROBLEMS} told
 */
record PayloadLabels(Map<String, String> labels, List<String> problems) {

    /** The request ids the inference service gives or accepts ({@code X-Request-Id}). */
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    static final int MAX_PROBLEMS = 50;
    /** A label becomes a folder name: well under any file system's 255 bytes. */
    static final int MAX_LABEL_CHARS = 100;

    static PayloadLabels read(Path file, int maxRows) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int[] rows = {0};
        CsvTable.scan(file, (line, cells) -> {
            if (line == 1 && cells.size() >= 2 && cells.get(0).equalsIgnoreCase("requestId")
                    && cells.get(1).equalsIgnoreCase("label")) {
                return;
            }
            if (++rows[0] > maxRows) {
                if (rows[0] == maxRows + 1) {
                    problems.add("labels file: more than " + maxRows + " rows");
                }
                return;
            }
            String problem = problem(cells, labels);
            if (problem != null) {
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add("labels file line " + line + ": " + problem);
                }
                return;
            }
            labels.put(cells.get(0), cells.get(1));
        });
        if (labels.isEmpty() && problems.isEmpty()) {
            problems.add("labels file: no requestId,label rows");
        }
        return new PayloadLabels(labels, problems);
    }

    private static String problem(List<String> cells, Map<String, String> labels) {
        if (cells.size() != 2) {
            return "expected 2 cells (requestId,label), got " + cells.size();
        }
        String id = cells.get(0);
        if (!REQUEST_ID.matcher(id).matches()) {
            return "request id " + PayloadQuery.printable(id) + " is not 1-128 letters, digits, '.', '_' or '-'";
        }
        String label = cells.get(1);
        if (label.length() > MAX_LABEL_CHARS) {
            return "label longer than " + MAX_LABEL_CHARS + " characters";
        }
        String bad = SourceScanner.isIgnoredName(label) ? "a name the import ignores (hidden or system)"
                : ClassNames.problem(label).orElse(null);
        if (bad != null) {
            return "bad label " + ClassNames.printable(label) + ": " + bad;
        }
        String before = labels.get(id);
        if (before != null && !before.equals(label)) {
            return "request id " + id + " labelled twice (" + ClassNames.printable(before) + ", "
                    + ClassNames.printable(label) + ")";
        }
        return null;
    }
}
