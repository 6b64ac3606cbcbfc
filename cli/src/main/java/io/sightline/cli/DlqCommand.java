package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sightline dlq list|show|replay}: the dead-letter topics ({@code <topic>.dlq}) through the admin API of the
 * service whose consumer writes to each (admin role). Without {@code --service} the owner is found by asking the
 * services which topics they own, the trainer first (it owns every dead-letter topic today).
 */
@Command(name = "dlq", description = {"Dead-letter topics: the records a service's consumer could not process"
        + " (admin role).", "list shows each topic with its record counts, show its records or one of them, replay"
        + " writes records back to the topic they came from once the cause is fixed."},
        subcommands = {DlqCommand.ListTopics.class, DlqShow.class, DlqReplay.class})
final class DlqCommand {

    /** The services asked for their dead-letter topics, in this order. */
    static final List<Service> OWNERS = List.of(Service.TRAINER, Service.DATASET, Service.INFERENCE);

    /** {@code --service}, shared by the subcommands. */
    static final class Choice {
        @Option(names = "--service", paramLabel = "dataset|trainer|inference",
                description = "the service that owns the topic (default: found by asking the services)")
        ServiceName service;
    }

    enum ServiceName {
        dataset(Service.DATASET), trainer(Service.TRAINER), inference(Service.INFERENCE);

        final Service service;

        ServiceName(Service service) {
            this.service = service;
        }
    }

    /** The path of a topic's dead-letter API. */
    static String path(String topic) {
        return "/admin/dlq/" + ServiceClient.segment(topic);
    }

    /**
     * The client of the service that owns {@code topic}: the one named, or the first of {@link #OWNERS} that lists
     * it. A service without the API (404) or out of reach is passed over.
     */
    static ServiceClient owner(Sightline root, Service named, String topic) {
        if (named != null) {
            return root.api().of(named);
        }
        List<String> asked = new ArrayList<>();
        CliException last = null;
        for (Service service : OWNERS) {
            ServiceClient client = root.api().of(service);
            try {
                for (JsonNode owned : client.get("/admin/dlq")) {
                    if (topic.equals(owned.path("topic").asText())) {
                        return client;
                    }
                }
                asked.add(service.module());
            } catch (CliException e) {
                if (e.exitCode() != ExitCodes.NOT_FOUND) {
                    last = e;
                }
            }
        }
        if (asked.isEmpty() && last != null) {
            throw last;
        }
        throw new CliException(ExitCodes.NOT_FOUND, "no service owns the dead-letter topic " + topic
                + (asked.isEmpty() ? "" : " (asked " + String.join(", ", asked) + ")")
                + "; sightline dlq list shows the ones that exist");
    }

    @Command(name = "list", aliases = "ls", description = {"The dead-letter topics of the services, with the"
            + " records each holds per partition.", "Asks every service unless --service names one; exit 0 when"
            + " at least one answered."})
    static final class ListTopics implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Choice choice = new Choice();

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            ArrayNode all = ServiceClient.JSON.createArrayNode();
            List<Service> services = choice.service == null ? OWNERS : List.of(choice.service.service);
            CliException failure = null;
            int answered = 0;
            for (Service service : services) {
                try {
                    for (JsonNode topic : root.api().of(service).get("/admin/dlq")) {
                        all.add(((ObjectNode) topic.deepCopy())
                                .put("service", service.module()));
                    }
                    answered++;
                } catch (CliException e) {
                    if (choice.service != null) {
                        throw e;
                    }
                    if (e.exitCode() != ExitCodes.NOT_FOUND) {
                        failure = e; // a service without the API answers 404 and is no failure
                    }
                }
            }
            if (answered == 0 && failure != null) {
                throw failure;
            }
            output.result(all);
            if (all.isEmpty()) {
                output.line("no dead-letter topics");
            }
            for (JsonNode topic : all) {
                output.line(line(topic));
            }
            return ExitCodes.OK;
        }

        /** {@code sightline.datasets.dlq  3 records (partition 0: offsets 4..6)  ← sightline.datasets  [trainer-service]}. */
        static String line(JsonNode topic) {
            long records = topic.path("records").asLong();
            List<String> partitions = new ArrayList<>();
            for (JsonNode p : topic.path("partitions")) {
                if (p.path("records").asLong() > 0) {
                    partitions.add(String.format(Locale.ROOT, "partition %d: offsets %d..%d", p.path("partition")
                            .asInt(), p.path("firstOffset").asLong(), p.path("endOffset").asLong() - 1));
                }
            }
            String state = !topic.path("exists").asBoolean(true) ? "not created yet"
                    : records + (records == 1 ? " record" : " records")
                    + (partitions.isEmpty() ? "" : " (" + String.join(", ", partitions) + ")");
            return topic.path("topic").asText() + "  " + state + "  from " + topic.path("sourceTopic").asText()
                    + "  [" + topic.path("service").asText() + "]";
        }
    }
}
