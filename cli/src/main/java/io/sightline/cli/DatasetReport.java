package io.sightline.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dataset version as text: status, counts per class and split, what the verification found. */
final class DatasetReport {

    private DatasetReport() {
    }

    /** The version, with a display name beside each class that has one in {@code classNames}. */
    static List<String> version(JsonNode v, Map<String, String> classNames) {
        List<String> lines = new ArrayList<>();
        String status = v.path("status").asText();
        long took = Format.between(v.path("submittedAt"), v.path("completedAt"));
        lines.add("dataset " + v.path("name").asText() + " version " + v.path("version").asText() + ": " + status
                + (took >= 0 ? " in " + Format.duration(took) : "")
                + (v.path("digest").isTextual() ? "  (digest " + DatasetCommand.shortDigest(v.path("digest")) + ")" : ""));
        if (v.path("layout").isTextual()) {
            lines.add("layout: " + v.path("layout").asText());
        }
        if (v.path("sameAs").isTextual()) {
            lines.add("same content as version " + v.path("sameAs").asText() + ": nothing new was published");
        }
        if (v.path("reason").isTextual()) {
            lines.add("reason: " + v.path("reason").asText());
        }
        if (v.path("counts").isObject()) {
            lines.addAll(counts(v.path("counts"), classNames));
        }
        JsonNode check = v.path("verification");
        if (check.isObject()) {
            lines.add(String.format("verification: %s, %d images from %d source files, %s, %d blobs and %d originals"
                            + " re-hashed",
                    check.path("passed").asBoolean() ? "passed" : "FAILED", check.path("images").asInt(),
                    check.path("sourceFiles").asInt(),
                    check.path("reconciled").asBoolean() ? "counts reconciled" : "counts NOT reconciled",
                    check.path("blobsChecked").asInt(), check.path("originalsChecked").asInt()));
            lines.add(String.format("found: corrupt %d, duplicates %d, ignored %d, leaked %d, label conflicts %d,"
                            + " near-duplicate pairs %d",
                    check.path("corrupt").asInt(), check.path("duplicates").asInt(), check.path("ignored").asInt(),
                    check.path("leakedContent").asInt(), check.path("labelConflicts").asInt(),
                    check.path("nearDuplicatePairs").asInt()));
            if (check.path("smallClasses").size() > 0) {
                lines.add("small classes: " + join(check.path("smallClasses")));
            }
            JsonNode advice = check.path("trainingAdvice");
            if (advice.isObject()) {
                lines.add("training: " + ("transfer".equals(advice.path("recommendation").asText())
                        ? "transfer recommended: " : "") + advice.path("why").asText());
            }
            for (JsonNode note : check.path("notes")) {
                lines.add("note: " + note.asText());
            }
        }
        if (v.path("problems").isArray() && v.path("problems").size() > 0) {
            lines.add("problems:");
            for (JsonNode problem : v.path("problems")) {
                lines.add("  - " + problem.asText());
            }
        }
        return lines;
    }

    /** One row per class (with its display name when some class has one), one column per split, a total row. */
    static List<String> counts(JsonNode counts, Map<String, String> classNames) {
        boolean named = !classNames.isEmpty();
        List<List<String>> rows = new ArrayList<>();
        long train = 0;
        long test = 0;
        long validation = 0;
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            JsonNode n = c.getValue();
            train += n.path("train").asLong();
            test += n.path("test").asLong();
            validation += n.path("validation").asLong();
            total += n.path("total").asLong();
            rows.add(row(named, c.getKey(), classNames.getOrDefault(c.getKey(), "-"), n.path("train").asText(),
                    n.path("test").asText(), n.path("validation").asText(), n.path("total").asText()));
        }
        rows.add(row(named, "(all)", "", Long.toString(train), Long.toString(test), Long.toString(validation),
                Long.toString(total)));
        List<String> lines = new ArrayList<>();
        for (String line : Format.table(row(named, "CLASS", "NAME", "TRAIN", "TEST", "VAL", "TOTAL"), rows)) {
            lines.add("  " + line);
        }
        return lines;
    }

    private static List<String> row(boolean named, String label, String name, String... counts) {
        List<String> row = new ArrayList<>();
        row.add(label);
        if (named) {
            row.add(name);
        }
        row.addAll(List.of(counts));
        return row;
    }

    /** The {@code classNames} of a version (classId to display name); empty when it has none. */
    static Map<String, String> classNames(JsonNode detail) {
        Map<String, String> names = new LinkedHashMap<>();
        detail.path("classNames").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
        return names;
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(", ", items);
    }
}
