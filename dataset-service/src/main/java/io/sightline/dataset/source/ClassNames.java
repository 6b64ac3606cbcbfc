package io.sightline.dataset.source;

import java.util.Optional;

/**
 * What a class folder name (and any path segment coming from an archive or a bucket) may be. A class
 * name becomes a label shown to people and a folder of the materialised tree, so it must be one plain
 * path segment. Any Unicode letter, digit, symbol or space is fine; control characters, Unicode
 * line/paragraph separators, bidirectional overrides (which make a name display as another) and path
 * separators are not.
 */
public final class ClassNames {

    private ClassNames() {
    }

    /** Why {@code segment} is not acceptable, or empty when it is. */
    public static Optional<String> problem(String segment) {
        if (segment.isEmpty()) {
            return Optional.of("empty name");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return Optional.of("a relative path segment");
        }
        for (int i = 0; i < segment.length(); ) {
            int c = segment.codePointAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("contains a path separator");
            }
            if (Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029) {
                return Optional.of("contains a control character (U+" + String.format("%04X", c) + ")");
            }
            if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                return Optional.of("contains a bidirectional override (U+" + String.format("%04X", c) + ")");
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    /** The name as is when acceptable, else quoted with control characters shown as {@code \\uXXXX}; safe to put in a log line or a report. */
    public static String printable(String name) {
        if (problem(name).isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder("\"");
        name.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.CONTROL || (c >= 0x2028 && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
