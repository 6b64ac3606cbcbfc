package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sightline train}: queue a training job and follow it to the end. */
@Command(name = "train", sortOptions = false,
        description = {"Train a model on a dataset version (trainer-service) and follow the job live: epochs,"
                + " loss and accuracy, ETA; then the resulting version and where its report is.",
                "Omitted values take the trainer's defaults (cnn, 5 epochs, batch sized to the dataset, lr 0.001"
                        + " on a cosine schedule, newest dataset version); with --time-budget the trainer plans the"
                        + " epochs to fit the time instead (--epochs then caps them)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME", description = "model to register the result under")
    String model;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME[:VERSION]", description = "dataset to train on")
    String dataset;

    @Option(names = "--dataset-version", paramLabel = "V", description = "dataset version (default: the newest)")
    String datasetVersion;

    @Option(names = {"--arch", "--architecture"}, paramLabel = "ARCH", description = "cnn, mobilenet_v2, resnet18, transfer")
    String architecture;

    @Option(names = "--base-model", paramLabel = "MODEL[:V]|URL|FILE",
            description = "base of transfer learning: a registered model, or a TorchScript URL or file the trainer allows")
    String baseModel;

    @Option(names = "--base-model-sha256", paramLabel = "HEX",
            description = "SHA-256 the downloaded TorchScript must have (URL backbones are pinned)")
    String baseModelSha256;

    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = DurationSeconds.class,
            description = "wall time the job plans its epochs to finish within: 90 or 90s, 9m, 1h30m, PT9M")
    Integer timeBudgetSeconds;

    @Option(names = "--batch-size", paramLabel = "N")
    Integer batchSize;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "RATE")
    Double learningRate;

    @Option(names = "--fine-tune-lr", paramLabel = "RATE", description = "learning rate of a fine-tuning phase")
    Double fineTuneLearningRate;

    @Option(names = "--validation-share", paramLabel = "SHARE",
            description = "share of the training images held out to choose the epoch when the dataset has no"
                    + " validation split (0 to 0.5, default 0.1, 0 = none)")
    Double validationShare;

    @Option(names = "--image-size", paramLabel = "PX", description = "square input side (default: the architecture's)")
    Integer imageSize;

    @Option(names = "--seed", paramLabel = "N")
    Long seed;

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
        if (architecture != null) {
            body.put("architecture", architecture.toLowerCase(Locale.ROOT));
        }
        if (baseModelSha256 != null) {
            body.put("baseModelSha256", baseModelSha256);
        }
        if (baseModel != null) {
            body.put("baseModel", baseModel);
        }
        if (epochs != null) {
            body.put("epochs", epochs);
        }
        if (timeBudgetSeconds != null) {
            body.put("timeBudgetSeconds", timeBudgetSeconds);
        }
        if (batchSize != null) {
            body.put("batchSize", batchSize);
        }
        if (learningRate != null) {
            body.put("learningRate", learningRate);
        }
        if (fineTuneLearningRate != null) {
            body.put("fineTuneLearningRate", fineTuneLearningRate);
        }
        if (validationShare != null) {
            body.put("validationShare", validationShare);
        }
        if (imageSize != null) {
            body.put("imageSize", imageSize);
        }
        if (seed != null) {
            body.put("seed", seed);
        }
        return body;
    }
}
