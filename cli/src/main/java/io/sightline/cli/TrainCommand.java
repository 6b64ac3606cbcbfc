package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sightline train}: queue a training job and follow it to the end. */
@Command(name = "train", sortOptions = false,
        description = {"Train a model on a dataset version (trainer-service) and follow the job live: epochs,"
                + " loss and accuracy, ETA; then the resulting version and where its report is.",
                "Omitted values take the trainer's defaults (cnn, 5 epochs, batch sized to the dataset, lr 0.001"
                        + " on a cosine schedule, newest dataset version); with --time-budget the trainer plans the"
                        + " epochs to fit the time instead (--epochs then caps them).",
                "Without --arch, a dataset with fewer training images per class than the trainer's"
                        + " small-data.transfer-below (2000) trains by transfer from the trainer's configured"
                        + " pretrained base, and says so; with none configured, from scratch with a warning.",
                "The course's recipe (frozen ImageNet MobileNetV2; flatten, dense 64 relu, dropout 0.25, dense N;"
                        + " Adam 1e-4), once tools/backbone/export_mobilenet_v2.py wrote the base into a folder the"
                        + " trainer allows:",
                "  sightline train -m pets -d pets --arch transfer \\",
                "      --base-model /srv/backbones/mobilenet_v2.pt \\",
                "      --lr 1e-4 --schedule constant --epochs 10"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME", description = "model to register the result under")
    String model;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME[:VERSION]", description = "dataset to train on")
    String dataset;

    @Option(names = "--dataset-version", paramLabel = "V", description = "dataset version (default: the newest)")
    String datasetVersion;

    @Mixin
    TrainingOptions training;

    @Option(names = "--base-model-sha256", paramLabel = "HEX",
            description = "SHA-256 the downloaded TorchScript must have (URL backbones are pinned)")
    String baseModelSha256;

    @Option(names = "--schedule", paramLabel = "NAME",
            description = "learning-rate schedule: cosine (default), constant, step")
    String schedule;

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "a label of the model version (repeatable; lower-case a-z, 0-9, '-', '.'; at most 16);"
                    + " inference pools may select models by label (label:KEY=VALUE)")
    List<String> labels = List.of();

    @Option(names = "--no-wait", description = "return once the job is queued")
    boolean noWait;

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        ServiceClient trainer = root.api().trainer();
        JsonNode accepted = trainer.postJson("/training-jobs", request());
        String jobId = accepted.path("jobId").asText();
        output.log("job " + jobId + " queued: model " + model + " on dataset " + accepted.path("dataset").asText()
                + " version " + accepted.path("datasetVersion").asText());
        if (accepted.path("architectureNote").isTextual()) {
            // the trainer chose the architecture for a small dataset: transfer is news, from scratch a warning
            String note = accepted.path("architectureNote").asText();
            if ("transfer".equals(accepted.path("architecture").asText())) {
                output.log("note: " + note);
            } else {
                output.warn("warning: " + note);
            }
        }
        if (noWait) {
            output.result(accepted);
            return ExitCodes.OK;
        }
        JsonNode job = new TrainingFollower(root, trainer, output).follow(jobId);
        boolean completed = "COMPLETED".equals(job.path("status").asText());
        ObjectNode result = job.deepCopy();
        if (completed) {
            String report = TrainingFollower.reportLocation(root.api(), job);
            result.put("report", report);
            TrainingFollower.outcome(job).forEach(output::log);
            output.log("report: " + report);
        } else {
            TrainingFollower.outcome(job).forEach(output::log);
        }
        output.result(result);
        return completed ? ExitCodes.OK : ExitCodes.FAILED;
    }

    ObjectNode request() {
        String name = dataset;
        String version = datasetVersion;
        int colon = dataset.lastIndexOf(':');
        if (colon > 0 && colon < dataset.length() - 1) {
            if (version != null && !version.equals(dataset.substring(colon + 1))) {
                throw CliException.usage("--dataset " + dataset + " and --dataset-version " + version + " disagree");
            }
            name = dataset.substring(0, colon);
            version = dataset.substring(colon + 1);
        }
        ObjectNode body = ServiceClient.JSON.createObjectNode().put("model", model).put("dataset", name);
        if (version != null) {
            body.put("datasetVersion", version);
        }
        training.addTo(body);
        if (baseModelSha256 != null) {
            body.put("baseModelSha256", baseModelSha256);
        }
        if (schedule != null) {
            body.put("schedule", schedule.toLowerCase(Locale.ROOT));
        }
        if (!labels.isEmpty()) {
            ObjectNode labelled = body.putObject("labels");
            for (String label : labels) {
                int equals = label.indexOf('=');
                if (equals <= 0) {
                    throw CliException.usage("--label " + label + ": expected KEY=VALUE");
                }
                // the trainer checks keys and values and names what it refuses
                labelled.put(label.substring(0, equals), label.substring(equals + 1));
            }
        }
        return body;
    }
}
