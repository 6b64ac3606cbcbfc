package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sightline status}: is each service up and ready, does it reach Kafka, which models are served. */
@Command(name = "status", description = {"Health of the three services (readiness, and Kafka as each one reports"
        + " it) and the models the inference-service serves.",
        "Exit code 0 when all are ready, 1 when one is not ready, 3 when one is unreachable."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        ObjectNode result = ServiceClient.JSON.createObjectNode();
        ArrayNode services = result.putArray("services");
        List<List<String>> rows = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int exit = ExitCodes.OK;
        for (Service service : Service.values()) {
            ServiceClient client = root.api().of(service);
            ObjectNode entry = services.addObject().put("service", service.module()).put("url", client.base().toString());
            String state;
            String kafka = "-";
            try {
                ServiceClient.Reply reply = client.send(client.request("/q/health/ready").timeout(Duration.ofSeconds(10)).GET());
                JsonNode health = reply.json();
                state = health.path("status").isTextual() ? health.path("status").asText()
                        : reply.ok() ? "UP" : "HTTP " + reply.status();
                kafka = kafka(health.path("checks"));
                entry.put("reachable", true).put("ready", reply.ok() && "UP".equals(state)).put("status", state)
                        .put("kafka", kafka);
                entry.set("checks", health.path("checks").isArray() ? health.path("checks") : ServiceClient.JSON.createArrayNode());
                for (JsonNode check : health.path("checks")) {
                    if (!"UP".equals(check.path("status").asText())) {
                        details.add(service.module() + ": " + check.path("name").asText() + " "
                                + check.path("status").asText() + (check.path("data").isObject()
                                ? " " + check.path("data") : ""));
                    }
                }
                if (!reply.ok() || !"UP".equals(state)) {
                    exit = Math.max(exit, ExitCodes.FAILED);
                }
            } catch (CliException e) {
                if (e.exitCode() != ExitCodes.UNREACHABLE) {
                    throw e;
                }
                state = "UNREACHABLE";
                entry.put("reachable", false).put("ready", false).put("status", state)
                        .put("error", e.getMessage().lines().findFirst().orElse(""));
                details.add(service.module() + ": unreachable; start it with " + service.startCommand()
                        + " (or point " + service.flag() + " / " + service.variable() + " at it)");
                exit = ExitCodes.UNREACHABLE;
            }
            rows.add(List.of(service.module(), client.base().toString(), state, kafka));
        }
        JsonNode models = models(root.api(), result);
        output.result(result);
        Format.table(List.of("SERVICE", "URL", "READY", "KAFKA"), rows).forEach(output::line);
        details.forEach(d -> output.line("  " + d));
        if (models != null) {
            if (models.isEmpty()) {
                output.line("models served: none yet");
            } else {
                output.line("models served:");
                List<List<String>> modelRows = new ArrayList<>();
                for (JsonNode m : models) {
                    modelRows.add(List.of(m.path("model").asText(), m.path("state").asText(),
                            Format.text(m.path("servingVersion")), Integer.toString(m.path("classes").size()),
                            Format.text(m.path("loadedAt"))));
                }
                Format.table(List.of("MODEL", "STATE", "VERSION", "CLASSES", "LOADED"), modelRows)
                        .forEach(l -> output.line("  " + l));
            }
        }
        return exit;
    }

    /** UP when every Kafka / messaging check is UP, DOWN when one is not, {@code -} when the service has none. */
    static String kafka(JsonNode checks) {
        String kafka = "-";
        for (JsonNode check : checks) {
            String name = check.path("name").asText().toLowerCase(Locale.ROOT);
            if (name.contains("kafka") || name.contains("messaging")) {
                if (!"UP".equals(check.path("status").asText())) {
                    return "DOWN";
                }
                kafka = "UP";
            }
        }
        return kafka;
    }

    private static JsonNode models(Api api, ObjectNode result) {
        try {
            JsonNode models = api.inference().get("/models");
            result.set("models", models);
            return models;
        } catch (CliException e) {
            result.putNull("models");
            return null;
        }
    }
}
