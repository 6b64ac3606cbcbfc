package io.sightline.dataset.source;

import java.util.ArrayList;
import java.util.List;

/** Problems of single lines of a table, the first few listed and the rest counted. */
final class LineProblems {

    private static final int MAX_LINE_PROBLEMS = 20;
    private final String table;
    private final List<String> listed = new ArrayList<>();
    private int count;
    /** Paths the table names that are not images of the source. */
    int missing;

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
