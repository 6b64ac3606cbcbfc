package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A dataset version as text: status, counts per class and split, what the verification found. */
final class DatasetReport {

    private DatasetReport() {
    }

    static List<String> version(JsonNode v) {
        List<String> lines = new ArrayList<>();
        String status = v.path("status").asText();
        long took = Format.between(v.path("submittedAt"), v.path("completedAt"));
        lines.add("dataset " + v.path("name").asText() + " version " + v.path("version").asText() + ": " + status
                + (took >= 0 ? " in " + Format.duration(took) : "")
                + (v.path("digest").isTextual() ? "  (digest " + DatasetCommand.shortDigest(v.path("digest")) + ")" : ""));
        if (v.path("sameAs").isTextual()) {
            lines.add("same content as version " + v.path("sameAs").asText() + ": nothing new was published");
        }
        if (v.path("reason").isTextual()) {
            lines.add("reason: " + v.path("reason").asText());
        }
        if (v.path("counts").isObject()) {
            lines.addAll(counts(v.path("counts")));
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

    /** One row per class, one column per split, and a total row. */
    static List<String> counts(JsonNode counts) {
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
            rows.add(List.of(c.getKey(), n.path("train").asText(), n.path("test").asText(),
                    n.path("validation").asText(), n.path("total").asText()));
        }
        rows.add(List.of("(all)", Long.toString(train), Long.toString(test), Long.toString(validation),
                Long.toString(total)));
        List<String> lines = new ArrayList<>();
        for (String line : Format.table(List.of("CLASS", "TRAIN", "TEST", "VAL", "TOTAL"), rows)) {
            lines.add("  " + line);
        }
        return lines;
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(", ", items);
    }
}
