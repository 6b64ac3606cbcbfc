package io.sightline.cli;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * One line of progress on standard error. On a terminal it is redrawn in place ({@code \r}); elsewhere (with
 * {@code --progress} into a file) a line is written only when its phase changes, so logs stay readable.
 */
final class ProgressLine implements AutoCloseable {

    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final boolean interactive;
    private int drawn;
    private String phase;

    /** @param err where to draw, null to draw nothing */
    ProgressLine(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** Shows {@code text}; {@code phase} decides when a non-terminal gets a new line. */
    void update(String phase, String text) {
        if (err == null) {
            return;
        }
        if (interactive) {
            String padded = text.length() < drawn ? text + " ".repeat(drawn - text.length()) : text;
            err.print("\r" + padded);
            drawn = text.length();
            err.flush();
        } else if (!Objects.equals(phase, this.phase)) {
            err.println(text);
            err.flush();
        }
        this.phase = phase;
    }

    /** Removes the line (terminal), so that what is printed next starts on a clean line. */
    void clear() {
        if (err != null && interactive && drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }

    @Override
    public void close() {
        clear();
    }

    /** {@code [#########···············]}, or blanks when the total is unknown. */
    static String bar(long done, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(BAR_WIDTH, Math.round(BAR_WIDTH * (double) done / total));
        return "[" + "#".repeat(filled) + "·".repeat(BAR_WIDTH - filled) + "]";
    }
}
