package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline dlq replay TOPIC [--partition P] (--offset O ... | --all)}. */
@Command(name = "replay", description = {"Write records of a dead-letter topic back to the topic they came from,"
        + " with their key, value and headers, marked with the replay's id. Fix the cause first: a record that"
        + " fails again is dead-lettered again.", "The records stay in the dead-letter topic; replaying one twice"
        + " delivers it twice. Asks for confirmation on a terminal; --yes to skip it (required in scripts).",
        "Exit 1 when a record was refused or not written."})
final class DlqReplay implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "a dead-letter topic (sightline dlq list)")
    String topic;

    @Option(names = "--partition", paramLabel = "P", description = "the partition (needed with --offset when the"
            + " topic has several; with --all, only this partition)")
    Integer partition;

    @Option(names = "--offset", paramLabel = "O", description = "a record's offset; repeat for several")
    List<Long> offsets = new ArrayList<>();

    @Option(names = "--all", description = "every record the topic (or --partition) holds, up to 1000")
    boolean all;

    @Mixin
    DlqCommand.Choice choice = new DlqCommand.Choice();

    @Mixin
    Confirmation confirmation;

    @Override
    public Integer call() {
        if (all == !offsets.isEmpty()) {
            throw CliException.usage("name the records: --offset O (repeatable) or --all");
        }
        if (partition != null && partition < 0 || offsets.stream().anyMatch(o -> o < 0)) {
            throw CliException.usage("--partition and --offset are at least 0");
        }
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        ServiceClient client = DlqCommand.owner(root, choice.service == null ? null : choice.service.service, topic);
        confirmation.require(root, "Replay " + (all ? "every record" : offsets.size() == 1 ? "the record at offset "
                + offsets.get(0) : offsets.size() + " records (offsets " + join(offsets) + ")")
                + " of " + topic + (partition == null ? "" : " partition " + partition) + " to the topic "
                + (offsets.size() == 1 ? "it" : "they") + " came from?");
        ObjectNode body = ServiceClient.JSON.createObjectNode();
        if (partition != null) {
            body.put("partition", partition);
        }
        if (all) {
            body.put("all", true);
        } else {
            offsets.forEach(body.putArray("offsets")::add);
        }
        JsonNode report = client.postJson(DlqCommand.path(topic) + "/replay", body);
        output.result(report);
        lines(report).forEach(output::line);
        return report.path("refused").isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** {@code replayed 2 of 3 records of X (replay 1b2c…): 2 to sightline.datasets}, then each refusal. */
    static List<String> lines(JsonNode report) {
        List<String> lines = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        report.path("toTopics").fields().forEachRemaining(f -> targets.add(f.getValue().asInt() + " to "
                + f.getKey()));
        lines.add("replayed " + report.path("replayed").asInt() + " of " + report.path("selected").asInt()
                + " records of " + report.path("topic").asText() + " (replay " + report.path("replayId").asText()
                + ")" + (targets.isEmpty() ? "" : ": " + String.join(", ", targets)));
        for (JsonNode refusal : report.path("refused")) {
            lines.add("  not replayed: " + refusal.path("partition").asInt() + "/" + refusal.path("offset").asLong()
                    + ": " + refusal.path("reason").asText());
        }
        return lines;
    }

    private static String join(List<Long> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
