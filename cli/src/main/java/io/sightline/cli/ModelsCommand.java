package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline models [NAME]}: the registry (trainer) and what serves (inference). */
@Command(name = "models", description = {"Models with their versions and champion (trainer-service), and the"
        + " version each one serves (inference-service, when reachable).",
        "With NAME: every version of that model with its test metrics.",
        "Deleting: sightline model rm NAME[:VERSION]."})
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = "--limit", paramLabel = "N", description = "list at most N models (default: all)")
    Integer limit;

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        return name == null ? list(root, output) : show(root, output);
    }

    private int list(Sightline root, Output output) {
        ListPages.Listing listing = ListPages.read(root.api().trainer(), "/models", Map.of(), limit);
        JsonNode models = listing.items();
        Map<String, JsonNode> serving = serving(root.api(), output);
        ArrayNode result = ServiceClient.JSON.createArrayNode();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode m : models) {
            ObjectNode entry = m.deepCopy();
            JsonNode served = serving == null ? null : serving.get(m.path("name").asText());
            if (served != null) {
                entry.set("serving", served);
            }
            result.add(entry);
            rows.add(List.of(m.path("name").asText(), m.path("versions").asText(), Format.text(m.path("latestVersion")),
                    Format.text(m.path("championVersion")), servingText(served, serving == null)));
        }
        output.result(result);
        if (models.isEmpty()) {
            output.line("no models yet: sightline train --model NAME --dataset DATASET");
        } else {
            Format.table(List.of("MODEL", "VERSIONS", "LATEST", "CHAMPION", "SERVING"), rows).forEach(output::line);
            Optional.ofNullable(ListPages.cutNote(listing)).ifPresent(output::line);
        }
        return ExitCodes.OK;
    }

    private int show(Sightline root, Output output) {
        JsonNode model = root.api().trainer().get("/models/" + ServiceClient.segment(name));
        JsonNode served = servingOne(root.api(), output);
        ObjectNode result = model.deepCopy();
        if (served != null) {
            result.set("serving", served);
        }
        output.result(result);
        JsonNode champion = model.path("champion");
        output.line("model " + name + ": champion " + (champion.isObject()
                ? "version " + champion.path("version").asText() + " (test accuracy "
                + Format.decimal(champion.path("testAccuracy"), 3) + ", " + Format.text(champion.path("reason")) + ")"
                : "none"));
        output.line("serving: " + servingText(served, false));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode v : model.path("versions")) {
            rows.add(List.of(v.path("version").asText() + (v.path("champion").asBoolean() ? " *" : ""),
                    Format.text(v.path("architecture")), Format.decimal(v.path("testAccuracy"), 3),
                    Format.decimal(v.path("testLoss"), 4),
                    Format.text(v.path("dataset")) + ":" + Format.text(v.path("datasetVersion")),
                    v.path("epochs").asText(), Format.text(v.path("completedAt"))));
        }
        Format.table(List.of("VERSION", "ARCH", "TEST ACC", "TEST LOSS", "DATASET", "EPOCHS", "COMPLETED"), rows)
                .forEach(output::line);
        return ExitCodes.OK;
    }

    /** What the inference-service serves, by model; null (with a warning) when it cannot be asked. */
    private static Map<String, JsonNode> serving(Api api, Output output) {
        Map<String, JsonNode> serving = new HashMap<>();
        try {
            for (JsonNode m : ListPages.read(api.inference(), "/models", Map.of(), null).items()) {
                serving.put(m.path("model").asText(), servingNode(m));
            }
            return serving;
        } catch (CliException e) {
            output.warn("(serving state unknown: " + e.getMessage().lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    private JsonNode servingOne(Api api, Output output) {
        try {
            return servingNode(api.inference().get("/models/" + ServiceClient.segment(name)));
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.NOT_FOUND) {
                output.warn("(serving state unknown: " + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            return null;
        }
    }

    private static JsonNode servingNode(JsonNode status) {
        ObjectNode node = ServiceClient.JSON.createObjectNode();
        node.set("state", status.path("state"));
        node.set("servingVersion", status.path("servingVersion"));
        if (status.path("lastError").isObject()) {
            node.set("lastError", status.path("lastError"));
        }
        return node;
    }

    private static String servingText(JsonNode served, boolean unknown) {
        if (served == null) {
            return unknown ? "?" : "-";
        }
        String version = served.path("servingVersion").isTextual() ? "v" + served.path("servingVersion").asText() : "";
        return (served.path("state").asText() + " " + version).trim();
    }
}
