package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Asks the dataset-service how it will read a folder ({@code POST /datasets/layout}) before importing it, so that a
 * wrong guess or a bad option shows up as one line, or as a usage error before any version is created.
 */
final class LayoutPreview {

    private LayoutPreview() {
    }

    /**
     * Logs the layout line. A refusal (400: ambiguous layout, bad option) is thrown as the service's usage error;
     * a service that predates the endpoint (404, or 405 where {@code /datasets/{name}} only takes GET) is passed
     * over in silence.
     *
     * @return false when the service cannot see the folder (it is on this machine only): then it is uploaded
     */
    static boolean check(ServiceClient dataset, Output output, JsonNode body) {
        ServiceClient.Reply reply = dataset.send(dataset.request("/datasets/layout")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (reply.status() == 404 || reply.status() == 405) {
            return true;
        }
        if (reply.status() == 400 && cannotSee(reply.json().path("error").asText(""))) {
            return false;
        }
        output.log(line(dataset.require(reply)));
        return true;
    }

    /** Whether a refusal says the service cannot see the folder (another machine, or outside its import roots). */
    static boolean cannotSee(String error) {
        return error.startsWith("source does not exist") || error.contains("is not inside an import root")
                || error.startsWith("source is not a directory");
    }

    /**
     * {@code layout: split-folders (detected: …) - 2 classes, 120 images (train 100, test 20)}; a csv layout also
     * names its labels file.
     */
    static String line(JsonNode layout) {
        StringBuilder line = new StringBuilder("layout: ").append(layout.path("layout").asText("?"));
        if (layout.path("detected").asBoolean()) {
            line.append(" (detected");
            if (layout.path("why").isTextual()) {
                line.append(": ").append(layout.path("why").asText());
            }
            line.append(')');
        } else {
            line.append(" (as asked)");
        }
        line.append(" - ").append(layout.path("classes").size()).append(" classes, ")
                .append(layout.path("images").asLong()).append(" images");
        JsonNode splits = layout.path("splits");
        if (splits.isObject() && !splits.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = splits.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> split = it.next();
                parts.add(split.getKey() + " " + split.getValue().asText());
            }
            line.append(" (").append(String.join(", ", parts)).append(')');
        }
        if (layout.path("labelsFile").isTextual()) {
            line.append(", labels ").append(layout.path("labelsFile").asText());
        }
        return line.toString();
    }
}
