package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sightline gc}: run the store's collection now, on the dataset-service, the trainer-service or both. */
@Command(name = "gc", description = {"Collect the artefact store now (admin role): retention first, then what no"
        + " live dataset version, model or checkpoint references. The services also do this on a schedule.",
        "Prints the bytes each service reclaimed, or why it deferred the run. Exit 1 when one of them refused or"
                + " failed (the other still runs)."})
final class GcCommand implements Callable<Integer> {

    /** Which services collect. */
    enum Target { dataset, trainer, all }

    @Spec
    CommandSpec spec;

    @Option(names = "--service", paramLabel = "dataset|trainer|all", defaultValue = "all",
            description = "where to collect (default ${DEFAULT-VALUE})")
    Target target;

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        ObjectNode result = ServiceClient.JSON.createObjectNode();
        int exit = ExitCodes.OK;
        for (Service service : services()) {
            ServiceClient client = root.api().of(service);
            try {
                JsonNode answer = client.postJson("/admin/gc", ServiceClient.JSON.createObjectNode());
                result.set(service.module(), answer);
                output.line(summary(service, answer));
            } catch (CliException e) {
                // one service refusing (no admin role, down) does not keep the other from collecting
                exit = Math.max(exit, e.exitCode());
                result.putObject(service.module()).put("error", e.getMessage()).put("exitCode", e.exitCode());
                output.warn("sightline: " + e.getMessage());
            }
        }
        output.result(result);
        return exit;
    }

    private List<Service> services() {
        return switch (target) {
            case dataset -> List.of(Service.DATASET);
            case trainer -> List.of(Service.TRAINER);
            case all -> List.of(Service.DATASET, Service.TRAINER);
        };
    }

    /**
     * {@code dataset-service: reclaimed 1.2 GB (2 dataset versions, 310 loose blobs, 1 pack repacked) in 3.1 s}, or
     * {@code dataset-service: deferred: an import is running}.
     */
    static String summary(Service service, JsonNode answer) {
        String name = service.module() + ": ";
        JsonNode deferred = answer.path("deferred");
        if (deferred.isTextual() && !deferred.asText().isBlank()) {
            return name + "deferred: " + deferred.asText();
        }
        List<String> counts = new ArrayList<>();
        count(counts, answer, "datasetVersionsDeleted", "dataset version", "s");
        count(counts, answer, "looseBlobsDeleted", "loose blob", "s");
        count(counts, answer, "packsRepacked", "pack repacked", "packs repacked");
        count(counts, answer, "modelVersionsDeleted", "model version", "s");
        count(counts, answer, "checkpointsDeleted", "checkpoint", "s");
        count(counts, answer, "leasesDeleted", "lease file", "s");
        count(counts, answer, "backboneFilesDeleted", "backbone file", "s");
        JsonNode ms = answer.path("durationMs");
        return name + "reclaimed " + Format.bytes(answer.path("bytesReclaimed").asLong())
                + (counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")")
                + (ms.isNumber() ? " in " + Format.duration(ms.asLong()) : "");
    }

    /**
     * Adds {@code 3 loose blobs} when the field is there; {@code plural} is the whole plural word when it starts
     * differently from {@code singular}, else the suffix to append.
     */
    private static void count(List<String> counts, JsonNode answer, String field, String singular, String plural) {
        JsonNode value = answer.path(field);
        if (value.isNumber()) {
            long n = value.asLong();
            String word = n == 1 ? singular : plural.length() <= 2 ? singular + plural : plural;
            counts.add(String.format(Locale.ROOT, "%d %s", n, word));
        }
    }
}
