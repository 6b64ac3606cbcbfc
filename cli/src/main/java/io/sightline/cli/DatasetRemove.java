package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline dataset rm NAME[:VERSION]}. */
@Command(name = "rm", aliases = "delete", description = {"Delete a dataset version, or a dataset with every version.",
        "A version a model's lineage names becomes a tombstone: its manifest and verification stay readable (reports"
                + " still resolve), its images go. Refused (exit 1) while an import of it runs.",
        "Asks for confirmation on a terminal; --yes to skip it (required in scripts)."})
final class DatasetRemove implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[:VERSION]", description = "a dataset, or one version of it")
    String target;

    @Mixin
    Confirmation confirmation;

    @Override
    public Integer call() {
        NameVersion what = NameVersion.parse(target);
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        confirmation.require(root, "Delete " + what.describe("dataset")
                + (what.version() == null ? " and every version of it?" : "?"));
        JsonNode answer = root.api().dataset().delete(what.path("datasets"), status -> status == 409
                ? "An import of it is running: wait until it ends (sightline dataset show " + what.name()
                + (what.version() == null ? "" : ":" + what.version()) + "), then delete it." : null);
        output.result(answer);
        lines(what, answer).forEach(output::line);
        return ExitCodes.OK;
    }

    /**
     * What the service did: a line for the version (or dataset), then which versions went and which stay as
     * tombstones when the answer lists them ({@code removed} also holds same-content versions that pointed at one).
     */
    static List<String> lines(NameVersion what, JsonNode answer) {
        List<String> lines = new ArrayList<>();
        boolean tombstone = answer.path("tombstone").asBoolean();
        if (what.version() != null && tombstone) {
            JsonNode namedBy = answer.path("namedBy");
            lines.add(what.describe("dataset") + " kept as a tombstone" + freed(answer) + ": "
                    + (namedBy.isArray() && !namedBy.isEmpty() ? "named by " + join(namedBy)
                    : "a model's lineage names it")
                    + "; its manifest stays readable, its images are reclaimed by the collection (sightline gc)");
        } else {
            lines.add(what.describe("dataset") + " deleted" + freed(answer));
        }
        JsonNode removed = answer.path("removed");
        if (removed.isArray() && (removed.size() > 1 || what.version() == null && !removed.isEmpty())) {
            lines.add("  versions removed: " + join(removed));
        }
        JsonNode tombstoned = answer.path("tombstoned");
        if (what.version() == null && tombstoned.isArray() && !tombstoned.isEmpty()) {
            lines.add("  versions kept as tombstones (a model's lineage names them): " + join(tombstoned));
        }
        return lines;
    }

    private static String join(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(v -> texts.add(v.asText()));
        return String.join(", ", texts);
    }

    /** {@code , 12.3 MB freed} when the answer says how much. */
    static String freed(JsonNode answer) {
        JsonNode bytes = answer.path("bytesFreed");
        return bytes.isNumber() ? ", " + Format.bytes(bytes.asLong()) + " freed" : "";
    }
}
