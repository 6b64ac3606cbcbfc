package io.sightline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The training parameters a job takes, shared by {@code train} and {@code binding set} (whose stored parameters are
 * the same fields); each is sent only when given, the trainer's defaults fill in the rest.
 */
final class TrainingOptions {

    @Option(names = {"--arch", "--architecture"}, paramLabel = "ARCH", description = "cnn, mobilenet_v2, resnet18, transfer")
    String architecture;

    @Option(names = "--base-model", paramLabel = "MODEL[:V]|URL|FILE",
            description = "base of transfer learning: a registered model, or a TorchScript URL or file the trainer allows")
    String baseModel;

    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = DurationSeconds.class,
            description = "wall time the job plans its epochs to finish within: 90 or 90s, 9m, 1h30m, PT9M")
    Integer timeBudgetSeconds;

    @Option(names = "--batch-size", paramLabel = "N")
    Integer batchSize;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "RATE", converter = LearningRateArgument.class,
            description = "Adam learning rate, or auto: a short range test on the training images chooses it")
    Object learningRate;

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

    /** Puts the given values into {@code body} under the trainer's field names; returns {@code body}. */
    ObjectNode addTo(ObjectNode body) {
        if (architecture != null) {
            body.put("architecture", architecture.toLowerCase(Locale.ROOT));
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
        if (learningRate instanceof Double rate) {
            body.put("learningRate", rate);
        } else if (learningRate != null) {
            body.put("learningRate", learningRate.toString());
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
