package io.sightline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How {@code dataset create} reads a dataset as it shipped: its layout, labels file, columns, crops, class names and
 * how strict the import is. Each option is sent only when given (the service detects or defaults the rest), under
 * the same name in the JSON body of {@code POST /datasets} and in the query of {@code POST /datasets/{name}/archive}.
 */
final class ImportOptions {

    @Option(names = "--layout", paramLabel = "LAYOUT", converter = Layouts.class,
            description = "class-folders, split-folders, csv or filename (default: detected when unambiguous)")
    String layout;

    @Option(names = {"--labels", "--labels-file"}, paramLabel = "FILE",
            description = "csv layout: labels file relative to the source (default: the only .csv/.tsv at its root)")
    String labels;

    @Option(names = "--path-column", paramLabel = "COLUMN", description = "csv layout: column of the image path")
    String pathColumn;

    @Option(names = "--label-column", paramLabel = "COLUMN", description = "csv layout: column of the label")
    String labelColumn;

    @Option(names = "--filename-pattern", paramLabel = "REGEX",
            description = "filename layout: group 1 of its first match in the file name is the label (RE2 syntax)")
    String filenamePattern;

    @Option(names = "--crop", paramLabel = "roi|none", converter = Crops.class,
            description = "roi: images become their region-of-interest crops (e.g. GTSRB's Roi.X1..Y2 columns)")
    String crop;

    @Option(names = "--class-names", paramLabel = "FILE",
            description = "classId,name file relative to the source giving display names (e.g. signnames.csv)")
    String classNames;

    @Option(names = "--corrupt-files", paramLabel = "reject|exclude", converter = CorruptFiles.class,
            description = "reject the version, or leave unreadable images out")
    String corruptFiles;

    @Option(names = "--label-conflicts", paramLabel = "reject|warn", converter = RejectOrWarn.class,
            description = "same content under two labels: reject the version, or warn")
    String labelConflicts;

    @Option(names = "--near-duplicates", paramLabel = "reject|warn", converter = RejectOrWarn.class,
            description = "near-duplicates across splits: reject the version, or warn")
    String nearDuplicates;

    /** The given options by their REST name, in a stable order. */
    Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "layout", layout);
        put(given, "labelsFile", labels);
        put(given, "pathColumn", pathColumn);
        put(given, "labelColumn", labelColumn);
        put(given, "filenamePattern", filenamePattern);
        put(given, "crop", crop);
        put(given, "classNames", classNames);
        put(given, "corruptFiles", corruptFiles);
        put(given, "labelConflicts", labelConflicts);
        put(given, "nearDuplicates", nearDuplicates);
        return given;
    }

    void addTo(ObjectNode body) {
        given().forEach(body::put);
    }

    void addTo(StringBuilder query) {
        given().forEach((key, value) -> param(query, key, value));
    }

    /** Appends {@code &key=value}, the value percent-encoded. */
    static void param(StringBuilder query, String key, Object value) {
        query.append('&').append(key).append('=')
                .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * One of a fixed set of words, in any case. A {@link TypeConversionException} so that picocli reports a usage
     * error naming the option, before any request is made.
     */
    abstract static class Choice implements ITypeConverter<String> {

        private final List<String> allowed;

        Choice(String... allowed) {
            this.allowed = List.of(allowed);
        }

        @Override
        public String convert(String value) {
            String word = value.strip().toLowerCase(Locale.ROOT);
            if (!allowed.contains(word)) {
                throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", allowed));
            }
            return word;
        }
    }

    static final class Layouts extends Choice {
        Layouts() {
            super("class-folders", "split-folders", "csv", "filename");
        }
    }

    static final class Crops extends Choice {
        Crops() {
            super("roi", "none");
        }
    }

    static final class CorruptFiles extends Choice {
        CorruptFiles() {
            super("reject", "exclude");
        }
    }

    static final class RejectOrWarn extends Choice {
        RejectOrWarn() {
            super("reject", "warn");
        }
    }
}
