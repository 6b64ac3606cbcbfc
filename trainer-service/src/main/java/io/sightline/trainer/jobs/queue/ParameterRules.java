package io.sightline.trainer.jobs.queue;

import io.sightline.events.TrainingParameters;
import io.sightline.trainer.training.Augmentation;
import io.sightline.vision.ArchitectureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The bounds of every hyperparameter; one place so the API, retrain bindings and workers agree. */
public final class ParameterRules {

    /** Transfer learning from a registered or TorchScript base model. */
    public static final String TRANSFER = "transfer";
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH_SIZE = 4096;
    public static final int MIN_IMAGE_SIZE = 8;
    /** The model-zoo networks downsample 32×: smaller inputs vanish before their last layers. */
    public static final int MIN_ZOO_IMAGE_SIZE = 32;
    public static final int MAX_IMAGE_SIZE = 1024;
    /** Learning-rate schedules. */
    public static final List<String> SCHEDULES = List.of("constant", "cosine", "step");
    /** A week: a longer budget is a mistake, not a plan. */
    public static final int MAX_TIME_BUDGET_SECONDS = 7 * 24 * 3600;
    /** The shortest budget that leaves time to load, train one epoch, evaluate and publish. */
    public static final int MIN_TIME_BUDGET_SECONDS = 10;
    /** Most of the training images a validation slice may take. */
    public static final double MAX_VALIDATION_SHARE = 0.5;

    private ParameterRules() {
    }

    /** Everything wrong with a set of parameters, one sentence each; empty when they are fine. */
    public static List<String> problems(TrainingParameters parameters) {
        List<String> problems = new ArrayList<>();
        String architecture = parameters.architecture();
        if (!TRANSFER.equals(architecture) && !ArchitectureSpec.FROM_SCRATCH.contains(architecture)) {
            problems.add("architecture must be one of " + ArchitectureSpec.FROM_SCRATCH + " or " + TRANSFER
                    + ", got: " + architecture);
        }
        if (parameters.baseModel() != null && !TRANSFER.equals(architecture)) {
            problems.add("baseModel only applies to architecture transfer");
        }
        if (TRANSFER.equals(architecture) && parameters.baseModel() == null) {
            problems.add("architecture transfer needs a baseModel: a registered model name[:version] or a"
                    + " TorchScript file or URL");
        }
        if ((parameters.fineTuneEpochs() != null || parameters.fineTuneLearningRate() != null)
                && !TRANSFER.equals(architecture)) {
            problems.add("fineTuneEpochs and fineTuneLearningRate only apply to architecture transfer");
        }
        if (parameters.epochs() < 1 || parameters.epochs() > MAX_EPOCHS) {
            problems.add("epochs must be between 1 and " + MAX_EPOCHS + ", got " + parameters.epochs());
        }
        if (parameters.batchSize() < 0 || parameters.batchSize() > MAX_BATCH_SIZE) {
            problems.add("batchSize must be between 1 and " + MAX_BATCH_SIZE + " (0: sized to the dataset), got "
                    + parameters.batchSize());
        }
        if (!parameters.findsLearningRate() && !(parameters.learningRate() > 0 && parameters.learningRate() < 1)) {
            problems.add("learningRate must be above 0 and below 1, got " + parameters.learningRate());
        }
        Double fineTune = parameters.fineTuneLearningRate();
        if (fineTune != null && !(fineTune > 0 && fineTune < 1)) {
            problems.add("fineTuneLearningRate must be above 0 and below 1, got " + fineTune);
        }
        if (parameters.schedule() != null && !SCHEDULES.contains(parameters.schedule().trim().toLowerCase(Locale.ROOT))) {
            problems.add("schedule must be one of " + SCHEDULES + ", got: " + parameters.schedule());
        }
        range(problems, "warmupEpochs", parameters.warmupEpochs(), 0, MAX_EPOCHS);
        range(problems, "stepEpochs", parameters.stepEpochs(), 1, MAX_EPOCHS);
        range(problems, "plateauPatience", parameters.plateauPatience(), 0, MAX_EPOCHS);
        range(problems, "earlyStoppingPatience", parameters.earlyStoppingPatience(), 0, MAX_EPOCHS);
        range(problems, "fineTuneEpochs", parameters.fineTuneEpochs(), 0, MAX_EPOCHS);
        range(problems, "timeBudgetSeconds", parameters.timeBudgetSeconds(), MIN_TIME_BUDGET_SECONDS,
                MAX_TIME_BUDGET_SECONDS);
        Double share = parameters.validationShare();
        if (share != null && !(share >= 0 && share <= MAX_VALIDATION_SHARE)) {
            problems.add("validationShare must be between 0 and " + MAX_VALIDATION_SHARE + ", got " + share);
        }
        if (parameters.warmupEpochs() != null && parameters.warmupEpochs() > parameters.epochs()) {
            problems.add("warmupEpochs (" + parameters.warmupEpochs() + ") cannot exceed epochs ("
                    + parameters.epochs() + ")");
        }
        if (parameters.augmentation() != null) {
            for (String name : parameters.augmentation()) {
                if (name == null || !Augmentation.isKnown(name)) {
                    problems.add("augmentation must name flip or crop, got: " + name);
                }
            }
        }
        int min = ArchitectureSpec.CNN.equals(architecture) || TRANSFER.equals(architecture)
                ? MIN_IMAGE_SIZE : MIN_ZOO_IMAGE_SIZE;
        int size = parameters.imageSize();
        if (size != 0 && (size < min || size > MAX_IMAGE_SIZE)) {
            problems.add("imageSize must be 0 (the architecture's default) or between " + min + " and "
                    + MAX_IMAGE_SIZE + ", got " + size);
        }
        return problems;
    }

    private static void range(List<String> problems, String name, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problems.add(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
