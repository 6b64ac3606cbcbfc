package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How numbers, durations and tables look on a terminal. */
final class Format {

    private Format() {
    }

    /** {@code 850 ms}, {@code 5.8 s}, {@code 2 min 05 s}, {@code 1 h 02 min}. */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = Math.round(ms / 1000.0);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** {@code 0.8321} → {@code 0.832}; missing → {@code -}. */
    static String decimal(JsonNode value, int digits) {
        return value == null || !value.isNumber() ? "-"
                : String.format(Locale.ROOT, "%." + digits + "f", value.asDouble());
    }

    /** {@code 0.912} → {@code 91.2%}. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** {@code 12.3 MB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        do {
            value /= 1024;
            unit++;
        } while (value >= 1024 && unit < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Text of a node, or {@code -} when it is missing or null. */
    static String text(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    /** Milliseconds between two ISO-8601 instants in JSON, or -1 when either is missing. */
    static long between(JsonNode from, JsonNode to) {
        try {
            if (from.isTextual() && to.isTextual()) {
                return Duration.between(Instant.parse(from.asText()), Instant.parse(to.asText())).toMillis();
            }
        } catch (DateTimeParseException e) {
            // shown without a duration
        }
        return -1;
    }

    /** Rows in aligned columns, two spaces apart; columns whose cells all look numeric are right-aligned. */
    static List<String> table(List<String> headers, List<List<String>> rows) {
        int columns = headers.size();
        int[] width = new int[columns];
        boolean[] numeric = new boolean[columns];
        boolean[] number = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = headers.get(c).length();
            numeric[c] = true;
        }
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                width[c] = Math.max(width[c], cell.length());
                boolean isNumber = cell.matches("[-+]?[0-9][0-9.,]*( ?%| ms| s)?");
                number[c] |= isNumber;
                numeric[c] &= isNumber || cell.equals("-");
            }
        }
        for (int c = 0; c < columns; c++) {
            numeric[c] &= number[c];
        }
        List<String> lines = new ArrayList<>();
        lines.add(row(headers, width, numeric));
        for (List<String> row : rows) {
            lines.add(row(row, width, numeric));
        }
        return lines;
    }

    private static String row(List<String> cells, int[] width, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            if (c > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(width[c] - cell.length());
            line.append(numeric[c] ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
        }
        return line.toString();
    }
}
