package io.sightline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Where things go. Text mode: results and the running log (epochs, summaries) on standard output. JSON mode:
 * standard output holds exactly one JSON document, the log goes to standard error when progress is shown.
 * Progress (a redrawn bar) goes to standard error, and only on a terminal or with {@code --progress}.
 */
final class Output {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean progress;
    private final boolean interactive;

    Output(PrintWriter out, PrintWriter err, boolean json, boolean progress, boolean interactive) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.progress = progress;
        this.interactive = interactive;
    }

    boolean json() {
        return json;
    }

    /** A result line of text mode (nothing in JSON mode). */
    void line(String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }

    /** A line of the running log: standard output in text mode, standard error in JSON mode when showing progress. */
    void log(String text) {
        if (!json) {
            out.println(text);
            out.flush();
        } else if (progress) {
            err.println(text);
            err.flush();
        }
    }

    /** A warning, always on standard error. */
    void warn(String text) {
        err.println(text);
        err.flush();
    }

    /** The JSON result (JSON mode only). */
    void result(JsonNode node) {
        if (json) {
            try {
                out.println(ServiceClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.flush();
        }
    }

    /** A progress line on standard error, or one that draws nothing. */
    ProgressLine progress() {
        return new ProgressLine(progress ? err : null, interactive);
    }
}
