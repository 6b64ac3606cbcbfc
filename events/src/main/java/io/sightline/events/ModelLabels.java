package io.sightline.events;

import java.util.Map;

/**
 * The rules of a model's labels (decision 108): at most {@value #MAX_PAIRS} pairs; each key and value 1 to
 * {@value #MAX_LENGTH} characters of lower-case letters, digits, '-' and '.', starting and ending with a letter or a
 * digit (as {@code [a-z0-9]([-a-z0-9.]*[a-z0-9])?}). Checked by hand, character by character: labels come from
 * requests and records, and no regular expression runs on them.
 */
public final class ModelLabels {

    public static final int MAX_PAIRS = 16;
    public static final int MAX_LENGTH = 63;

    private ModelLabels() {
    }

    /** Why these labels are refused, or {@code null} when they are fine ({@code null} and empty are fine). */
    public static String problem(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        if (labels.size() > MAX_PAIRS) {
            return "at most " + MAX_PAIRS + " labels, got " + labels.size();
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!valid(label.getKey())) {
                return "label key " + shown(label.getKey()) + " is not 1 to " + MAX_LENGTH + " of a-z, 0-9, '-', '.',"
                        + " starting and ending with a letter or digit";
            }
            if (!valid(label.getValue())) {
                return "label " + label.getKey() + ": value " + shown(label.getValue()) + " is not 1 to " + MAX_LENGTH
                        + " of a-z, 0-9, '-', '.', starting and ending with a letter or digit";
            }
        }
        return null;
    }

    /** Whether one key or value follows the rule. */
    public static boolean valid(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean inner = c == '-' || c == '.';
            if (!alphanumeric && !(inner && i > 0 && i < text.length() - 1)) {
                return false;
            }
        }
        return true;
    }

    /** A refused text in a message: quoted and cut, never echoed whole. */
    private static String shown(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
        StringBuilder printable = new StringBuilder("'");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            printable.append(c >= 0x20 && c < 0x7f || c == '…' ? c : '?');
        }
        return printable.append('\'').toString();
    }
}
