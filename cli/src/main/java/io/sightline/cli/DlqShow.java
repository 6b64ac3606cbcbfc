package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline dlq show TOPIC [--limit N]} and {@code sightline dlq show TOPIC PARTITION OFFSET}. */
@Command(name = "show", description = {"The records of a dead-letter topic (why each was dead-lettered, where it came"
        + " from, its payload), or one record in full with PARTITION and OFFSET.",
        "Payloads that are not UTF-8 text or are over 64 KiB show as their size and a base64 prefix."})
final class DlqShow implements Callable<Integer> {

    /** The payload's first characters in a list line. */
    static final int PREVIEW = 120;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "a dead-letter topic (sightline dlq list)")
    String topic;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PARTITION")
    Integer partition;

    @Parameters(index = "2", arity = "0..1", paramLabel = "OFFSET")
    Long offset;

    @Option(names = "--limit", paramLabel = "N", description = "at most N records (default: all)")
    Integer limit;

    @Mixin
    DlqCommand.Choice choice = new DlqCommand.Choice();

    @Override
    public Integer call() {
        if (partition != null && offset == null) {
            throw CliException.usage("give both PARTITION and OFFSET, or neither");
        }
        if (partition != null && (partition < 0 || offset < 0)) {
            throw CliException.usage("PARTITION and OFFSET are at least 0");
        }
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        ServiceClient client = DlqCommand.owner(root, choice.service == null ? null : choice.service.service, topic);
        if (partition != null) {
            JsonNode record = client.get(DlqCommand.path(topic) + "/" + partition + "/" + offset);
            output.result(record);
            detail(record).lines().forEach(output::line);
            return ExitCodes.OK;
        }
        ListPages.Listing listing = ListPages.read(client, DlqCommand.path(topic), Map.of(), limit);
        output.result(listing.items());
        if (listing.items().isEmpty()) {
            output.line(topic + " holds no records");
        }
        listing.items().forEach(record -> output.line(line(record)));
        String note = ListPages.cutNote(listing);
        if (note != null) {
            output.line(note);
        }
        return ExitCodes.OK;
    }

    /** {@code 0/12  2026-…Z  key cats  from sightline.datasets 0/57: reason  | {"payload…}}. */
    static String line(JsonNode record) {
        JsonNode dead = record.path("deadLetter");
        String payload = payload(record.path("payload"));
        return record.path("partition").asInt() + "/" + record.path("offset").asLong() + "  "
                + record.path("timestamp").asText("-") + "  key " + record.path("key").path("text").asText("-")
                + "  from " + dead.path("dead-letter-topic").asText("?") + " "
                + dead.path("dead-letter-partition").asText("?") + "/" + dead.path("dead-letter-offset").asText("?")
                + ": " + dead.path("dead-letter-reason").asText("(no reason)")
                + "\n    " + (payload.length() > PREVIEW ? payload.substring(0, PREVIEW) + "…" : payload)
                .replace('\n', ' ');
    }

    static String detail(JsonNode record) {
        StringBuilder text = new StringBuilder();
        text.append(record.path("topic").asText()).append(" partition ").append(record.path("partition").asInt())
                .append(" offset ").append(record.path("offset").asLong()).append('\n');
        text.append("  time: ").append(record.path("timestamp").asText("-")).append('\n');
        text.append("  key: ").append(content(record.path("key"))).append('\n');
        record.path("deadLetter").fields().forEachRemaining(f -> text.append("  ").append(f.getKey()).append(": ")
                .append(f.getValue().asText()).append('\n'));
        record.path("cloudEvent").fields().forEachRemaining(f -> text.append("  ").append(f.getKey()).append(": ")
                .append(f.getValue().asText()).append('\n'));
        for (JsonNode replay : record.path("replays")) {
            text.append("  replayed before: ").append(replay.asText()).append('\n');
        }
        text.append("  payload: ").append(payload(record.path("payload")));
        return text.toString();
    }

    private static String content(JsonNode content) {
        return content.isMissingNode() || content.isNull() ? "(none)" : payload(content);
    }

    /** The text, or {@code (1234 bytes, not text) base64 ABCD…}. */
    static String payload(JsonNode payload) {
        if (payload.path("text").isTextual()) {
            return payload.path("text").asText();
        }
        return "(" + payload.path("size").asLong() + " bytes, not shown as text) base64 "
                + payload.path("base64Prefix").asText() + (payload.path("size").asLong() > 1024 ? "…" : "");
    }
}
