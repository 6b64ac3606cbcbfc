package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

/** {@code sightline sweep start|ls|show|cancel}: hyperparameter sweeps (trainer-service, decision 106). */
@Command(name = "sweep", aliases = "sweeps", description = "Search hyperparameters: trials as training jobs, pruned"
        + " by successive halving; the winner is trained as the model and meets its promotion gate.",
        subcommands = {SweepCommand.Start.class, SweepCommand.ListSweeps.class, SweepCommand.Show.class,
                SweepCommand.Cancel.class})
final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "start", description = "Queue a sweep; the values of each option are comma-separated.")
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME",
                description = "the model the winner is trained as")
        String model;

        @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME[:VERSION]")
        String dataset;

        @Option(names = "--search", paramLabel = "grid|random", defaultValue = "grid",
                description = "every combination, or --trials drawn at random (default ${DEFAULT-VALUE})")
        String search;

        @Option(names = "--trials", paramLabel = "N", description = "random search: how many combinations")
        Integer trials;

        @Option(names = "--seed", paramLabel = "N")
        Long seed;

        @Option(names = {"--lr", "--learning-rate"}, split = ",", paramLabel = "RATE",
                converter = LearningRateArgument.class, description = "rates (numbers or auto)")
        List<Object> learningRates;

        @Option(names = "--batch-size", split = ",", paramLabel = "N")
        List<Integer> batchSizes;

        @Option(names = "--arch", split = ",", paramLabel = "NAME", description = "cnn, mobilenet_v2, resnet18")
        List<String> architectures;

        @Option(names = "--augment", split = ",", paramLabel = "SET",
                description = "augmentation sets: none, flip, crop or flip+crop")
        List<String> augmentations;

        @Option(names = "--epochs", paramLabel = "N", description = "epochs of the winner (and of the last rung)")
        Integer epochs;

        @Option(names = "--image-size", paramLabel = "PX")
        Integer imageSize;

        @Option(names = "--budget", paramLabel = "DURATION", converter = DurationSeconds.class,
                description = "no new rung starts after this (90, 10m, 2h)")
        Integer budgetSeconds;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            NameVersion data = NameVersion.parse(dataset);
            ObjectNode body = ServiceClient.JSON.createObjectNode().put("model", model).put("dataset", data.name());
            if (data.version() != null) {
                body.put("datasetVersion", data.version());
            }
            body.put("search", search);
            putIfGiven(body, "trials", trials);
            putIfGiven(body, "seed", seed);
            ObjectNode space = body.putObject("space");
            if (learningRates != null) {
                space.set("learningRate", ServiceClient.JSON.valueToTree(learningRates));
            }
            if (batchSizes != null) {
                space.set("batchSize", ServiceClient.JSON.valueToTree(batchSizes));
            }
            if (architectures != null) {
                space.set("architecture", ServiceClient.JSON.valueToTree(architectures));
            }
            if (augmentations != null) {
                ArrayNode sets = space.putArray("augmentation");
                for (String set : augmentations) {
                    ArrayNode names = sets.addArray();
                    if (!"none".equalsIgnoreCase(set.strip())) {
                        for (String name : set.split("\\+")) {
                            names.add(name.strip());
                        }
                    }
                }
            }
            putIfGiven(body, "epochs", epochs);
            putIfGiven(body, "imageSize", imageSize);
            putIfGiven(body, "budgetSeconds", budgetSeconds);
            JsonNode accepted = root.api().trainer().postJson("/sweeps", body);
            output.log("sweep " + Format.text(accepted.path("sweepId")) + " queued: "
                    + accepted.path("trials").asInt() + " trials over " + accepted.path("rungs").asInt()
                    + " rungs; follow it with: sightline sweep show " + Format.text(accepted.path("sweepId")));
            output.result(accepted);
            return ExitCodes.OK;
        }

        private static void putIfGiven(ObjectNode body, String field, Number value) {
            if (value != null) {
                body.put(field, value.longValue());
            }
        }
    }

    @Command(name = "show", description = "A sweep's status and its trials, best first within the furthest rung.")
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SWEEP")
        String id;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            JsonNode sweep = root.api().trainer().get("/sweeps/" + ServiceClient.segment(id));
            output.result(sweep);
            output.line("sweep " + Format.text(sweep.path("id")) + " of model "
                    + Format.text(sweep.path("request").path("model")) + ": " + Format.text(sweep.path("status"))
                    + ", rung " + (sweep.path("rung").asInt() + 1) + " of " + sweep.path("rungs").asInt());
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode trial : sweep.path("trials")) {
                JsonNode runs = trial.path("runs");
                JsonNode last = runs.isEmpty() ? ServiceClient.JSON.missingNode() : runs.get(runs.size() - 1);
                JsonNode p = trial.path("parameters");
                rows.add(List.of(trial.path("index").asText(), Format.text(p.path("learningRate")),
                        Format.text(p.path("batchSize")), Format.text(p.path("architecture")),
                        p.path("augmentation").isMissingNode() || p.path("augmentation").isNull() ? "-"
                                : p.path("augmentation").toString(),
                        String.valueOf(runs.size()), Format.text(last.path("status")),
                        Format.decimal(last.path("validationAccuracy"), 3)));
            }
            Format.table(List.of("TRIAL", "LR", "BATCH", "ARCH", "AUGMENT", "RUNGS", "STATUS", "VAL ACC"), rows)
                    .forEach(output::line);
            if (sweep.hasNonNull("winner")) {
                output.line("winner: trial " + sweep.path("winner").asInt() + ", trained as "
                        + Format.text(sweep.path("request").path("model")) + " version "
                        + Format.text(sweep.path("winnerVersion")) + (sweep.path("promoted").asBoolean()
                        ? ", promoted" : "") + (sweep.hasNonNull("promotion") ? " ("
                        + Format.text(sweep.path("promotion")) + ")" : ""));
            }
            if (sweep.hasNonNull("reason")) {
                output.line(Format.text(sweep.path("reason")));
            }
            output.line("report: " + root.api().trainer().uri("/sweeps/" + ServiceClient.segment(id) + "/report"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", aliases = "list", description = "Every sweep, newest first.")
    static final class ListSweeps implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            JsonNode sweeps = root.api().trainer().get("/sweeps");
            output.result(sweeps);
            if (sweeps.isEmpty()) {
                output.line("no sweeps yet");
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode sweep : sweeps) {
                rows.add(List.of(Format.text(sweep.path("id")), Format.text(sweep.path("model")),
                        Format.text(sweep.path("dataset")), Format.text(sweep.path("status")),
                        (sweep.path("rung").asInt() + 1) + "/" + sweep.path("rungs").asInt(),
                        sweep.path("trials").asText(), Format.text(sweep.path("winnerVersion")),
                        Format.text(sweep.path("createdAt"))));
            }
            Format.table(List.of("SWEEP", "MODEL", "DATASET", "STATUS", "RUNG", "TRIALS", "WINNER VERSION", "STARTED"),
                    rows).forEach(output::line);
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", description = "Cancel a running sweep: its queued and running jobs are cancelled; the"
            + " sweep is kept, CANCELLED, with its trials and report.")
    static final class Cancel implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SWEEP", description = "the sweep's id (sightline sweep ls)")
        String id;

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            confirmation.require(root, "Cancel sweep " + id + " and its unfinished jobs?");
            JsonNode sweep = root.api().trainer().delete("/sweeps/" + ServiceClient.segment(id),
                    status -> status == 409 ? "It has ended: there is nothing to cancel (sightline sweep show "
                            + id + ")." : null);
            output.result(sweep);
            output.line("sweep " + id + " " + Format.text(sweep.path("reason")));
            return ExitCodes.OK;
        }
    }
}
