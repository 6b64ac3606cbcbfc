package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sightline binding set|get|ls|rm}: retrain bindings (trainer-service), which train a model again whenever a
 * new version of their dataset is split. Stored ones take effect on every trainer replica without a restart.
 */
@Command(name = "binding", aliases = "bindings", description = {"Retrain bindings (trainer-service): a new version"
        + " of the dataset trains the model again, after a debounce.",
        "Set through here they are stored and take effect on every trainer replica at once; a stored binding"
                + " overrides one from the trainer's configuration for the same dataset."},
        subcommands = {BindingCommand.Set.class, BindingCommand.Get.class, BindingCommand.ListBindings.class,
                BindingCommand.Remove.class})
final class BindingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static String path(String dataset) {
        return "/retrain-bindings/" + ServiceClient.segment(dataset);
    }

    @Command(name = "set", sortOptions = false, description = {"Bind a dataset to a model (replaces its binding)."
            + " Training options left out take the trainer's defaults."})
    static final class Set implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DATASET")
        String dataset;

        @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME", description = "model to train")
        String model;

        @Option(names = "--debounce", paramLabel = "DURATION", converter = DebounceSeconds.class,
                description = "wait this long after a split for another before training (30s, 5m, 0 = none;"
                        + " default: the trainer's)")
        Integer debounceSeconds;

        @Mixin
        TrainingOptions training;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            JsonNode binding = root.api().trainer().putJson(path(dataset), body());
            output.result(binding);
            output.line("binding set: " + describe(binding));
            return ExitCodes.OK;
        }

        ObjectNode body() {
            ObjectNode body = ServiceClient.JSON.createObjectNode().put("model", model);
            ObjectNode parameters = training.addTo(ServiceClient.JSON.createObjectNode());
            if (!parameters.isEmpty()) {
                body.set("parameters", parameters);
            }
            if (debounceSeconds != null) {
                body.put("debounceSeconds", debounceSeconds);
            }
            return body;
        }
    }

    @Command(name = "get", description = "A dataset's retrain binding.")
    static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DATASET")
        String dataset;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            JsonNode binding = root.api().trainer().get(path(dataset));
            output.result(binding);
            output.line(describe(binding));
            if (binding.path("updatedAt").isTextual()) {
                output.line("updated " + binding.path("updatedAt").asText()
                        + (binding.path("by").isTextual() ? " by " + binding.path("by").asText() : ""));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", aliases = "list", description = "Retrain bindings by dataset (all of them unless --limit).")
    static final class ListBindings implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", description = "show at most N bindings")
        Integer limit;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            ListPages.Listing listing = ListPages.read(root.api().trainer(), "/retrain-bindings", Map.of(), limit);
            output.result(listing.items());
            if (listing.items().isEmpty()) {
                output.line("no retrain bindings: sightline binding set DATASET --model MODEL");
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode b : listing.items()) {
                rows.add(List.of(b.path("dataset").asText(), Format.text(b.path("model")), debounce(b),
                        parameters(b.path("parameters")), Format.text(b.path("updatedAt"))));
            }
            Format.table(List.of("DATASET", "MODEL", "DEBOUNCE", "PARAMETERS", "UPDATED"), rows).forEach(output::line);
            Optional.ofNullable(ListPages.cutNote(listing)).ifPresent(output::line);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", aliases = "delete", description = {"Remove a dataset's retrain binding: its new versions no"
            + " longer train the model. Asks for confirmation on a terminal; --yes to skip it."})
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DATASET")
        String dataset;

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            confirmation.require(root, "Delete the retrain binding of dataset " + dataset + "?");
            JsonNode answer = root.api().trainer().delete(path(dataset), status -> null);
            output.result(answer.isObject() ? answer
                    : ServiceClient.JSON.createObjectNode().put("dataset", dataset).put("deleted", true));
            output.line("binding of dataset " + dataset + " deleted");
            return ExitCodes.OK;
        }
    }

    /** {@code cats → cats-cnn (epochs 10, batchSize 32), debounce 30 s}. */
    static String describe(JsonNode binding) {
        String parameters = parameters(binding.path("parameters"));
        return Format.text(binding.path("dataset")) + " → " + Format.text(binding.path("model"))
                + (parameters.equals("-") ? " (the trainer's defaults)" : " (" + parameters + ")")
                + ", debounce " + debounce(binding);
    }

    private static final java.util.Set<String> UNSET_WHEN_ZERO = java.util.Set.of("epochs", "batchSize",
            "learningRate", "imageSize", "seed");

    /** The parameters that are set, {@code epochs 10, learningRate 0.001}; {@code -} when none is. */
    static String parameters(JsonNode parameters) {
        List<String> set = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            // a stored TrainingParameters writes its unset required numbers as 0 and its unset options as null
            if (!value.isNull() && !(UNSET_WHEN_ZERO.contains(field.getKey()) && value.asDouble() == 0)) {
                set.add(field.getKey() + " " + (value.isTextual() ? value.asText() : value.toString()));
            }
        }
        return set.isEmpty() ? "-" : String.join(", ", set);
    }

    private static String debounce(JsonNode binding) {
        JsonNode seconds = binding.path("debounceSeconds");
        return seconds.isNumber() ? Format.duration(seconds.asLong() * 1000) : "default";
    }

    /** {@code --debounce}: a duration as {@code --time-budget} reads it, or 0 for none. */
    static final class DebounceSeconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String text = value == null ? "" : value.strip();
            return text.equals("0") || text.equalsIgnoreCase("0s") ? 0 : DurationSeconds.seconds(value);
        }
    }
}
