package io.sightline.dataset.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code classId,name} table (GTSRB's {@code signnames.csv}: {@code ClassId,SignName}) matched to a dataset's
 * classes. An id matches a class by equal text, or, both being whole numbers, by equal value: GTSRB's folders
 * are {@code 00000}…{@code 00042}, its names file says {@code 0}…{@code 42}. A first row whose id is neither a
 * class nor a number is a header.
 */
final class ClassNameFile {

    /** Longest display name taken from a names file. */
    static final int MAX_NAME_CHARS = 200;

    private ClassNameFile() {
    }

    /** Names by class for the classes the table names; null when it names none. */
    static Map<String, String> match(CsvTable table, String path, Set<String> classes, List<String> problems,
                                     List<String> notes) {
        List<List<String>> rows = table.rows();
        if (rows.isEmpty()) {
            problems.add("classNames file " + path + " is empty");
            return null;
        }
        String firstId = rows.get(0).get(0).trim();
        boolean header = !classes.contains(firstId) && number(firstId) == null;
        Map<String, String> byId = new HashMap<>();
        Map<Integer, String> byNumber = new HashMap<>();
        for (List<String> row : rows.subList(header ? 1 : 0, rows.size())) {
            if (row.size() < 2) {
                continue;
            }
            String id = row.get(0).trim();
            String name = row.get(1).trim();
            // a display name may hold '/' ("Speed limit (20km/h)"): it is never a path; anything else a class may not hold, it may not
            if (name.isEmpty() || name.length() > MAX_NAME_CHARS
                    || ClassNames.problem(name.replace('/', '_').replace('\\', '_')).isPresent()) {
                problems.add("classNames file " + path + ": unusable name for " + ClassNames.printable(id) + ": "
                        + ClassNames.printable(name.length() > 60 ? name.substring(0, 60) + "..." : name));
                continue;
            }
            byId.put(id, name);
            if (number(id) != null) {
                byNumber.put(number(id), name);
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        List<String> unnamed = new ArrayList<>();
        for (String cls : classes) {
            String name = byId.containsKey(cls) ? byId.get(cls) : number(cls) != null ? byNumber.get(number(cls)) : null;
            if (name == null) {
                unnamed.add(cls);
            } else {
                names.put(cls, name);
            }
        }
        if (!unnamed.isEmpty()) {
            notes.add(unnamed.size() + " class(es) have no name in " + path + ", e.g. "
                    + String.join(", ", unnamed.subList(0, Math.min(5, unnamed.size()))));
        }
        return names.isEmpty() ? null : names;
    }

    private static Integer number(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.parseInt(text);
    }
}
