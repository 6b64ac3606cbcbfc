package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline predict MODEL IMAGE…}: a top-k table per image (inference-service). */
@Command(name = "predict", description = {"Classify images with the served version of a model (inference-service).",
        "An image the service cannot read is reported and the others still run; the exit code is then 1."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG, JPEG, BMP, GIF or PNM files")
    List<Path> images;

    @Option(names = {"-k", "--top-k"}, paramLabel = "K", defaultValue = "3", description = "classes per image (default ${DEFAULT-VALUE})")
    int topK;

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        if (topK < 1) {
            throw CliException.usage("--top-k must be at least 1, got " + topK);
        }
        for (Path image : images) {
            if (!Files.isRegularFile(image)) {
                throw CliException.usage(image + ": no such file");
            }
        }
        ServiceClient inference = root.api().inference();
        String path = "/predict/" + ServiceClient.segment(model) + "?topK=" + topK;
        ArrayNode results = ServiceClient.JSON.createArrayNode();
        int failures = 0;
        for (Path image : images) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(image);
            } catch (IOException e) {
                throw CliException.usage(image + ": " + e.getMessage());
            }
            ServiceClient.Reply reply = inference.send(inference.request(path).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType(image)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
            ObjectNode result = ServiceClient.JSON.createObjectNode().put("image", image.toString());
            if (reply.ok()) {
                result.setAll((ObjectNode) reply.json());
                results.add(result);
                table(result).forEach(output::line);
            } else if (reply.status() == 400 || reply.status() == 413 || reply.status() == 415) {
                // this image only: the others may be fine
                failures++;
                result.put("error", reply.errorText()).put("status", reply.status());
                results.add(result);
                output.line(image + ": " + reply.errorText() + " (HTTP " + reply.status() + ")");
            } else {
                throw inference.failure(reply); // unknown model, not loaded, no token: the same for every image
            }
        }
        output.result(results);
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static List<String> table(JsonNode result) {
        List<String> lines = new ArrayList<>();
        lines.add(result.path("image").asText() + "  →  " + result.path("model").asText() + " v"
                + result.path("version").asText() + String.format(Locale.ROOT, "  (%.2f ms)",
                result.path("latencyMs").asDouble()));
        List<List<String>> rows = new ArrayList<>();
        int rank = 1;
        for (JsonNode p : result.path("predictions")) {
            rows.add(List.of(Integer.toString(rank++), label(p), Format.percent(p.path("probability").asDouble())));
        }
        for (String line : Format.table(List.of("#", "LABEL", "PROBABILITY"), rows)) {
            lines.add("  " + line);
        }
        return lines;
    }

    /** {@code 14 (Stop)}: the label, and the display name when the model has one that differs. */
    static String label(JsonNode prediction) {
        String label = prediction.path("label").asText();
        JsonNode name = prediction.path("name");
        return name.isTextual() && !name.asText().equals(label) ? label + " (" + name.asText() + ")" : label;
    }

    static String contentType(Path image) {
        String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "bmp" -> "image/bmp";
            case "gif" -> "image/gif";
            case "pnm" -> "image/x-portable-anymap";
            case "ppm" -> "image/x-portable-pixmap";
            case "pgm" -> "image/x-portable-graymap";
            case "pbm" -> "image/x-portable-bitmap";
            default -> "application/octet-stream"; // the service reads the format from the bytes
        };
    }
}
