package io.sightline.trainer.jobs;

import io.sightline.events.TrainingParameters;
import io.sightline.vision.ArchitectureSpec;
import java.util.ArrayList;
import java.util.List;

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

    private ParameterRules() {
    }

    /** Everything wrong with a set of parameters, one sentence each; empty when they are fine. */
    public static List<String> problems(TrainingParameters parameters) {
        List<String> problems = new ArrayList<>();
        String architecture = parameters.architecture();
        if (TRANSFER.equals(architecture)) {
            problems.add("architecture transfer is not yet supported; use one of " + ArchitectureSpec.FROM_SCRATCH);
        } else if (!ArchitectureSpec.FROM_SCRATCH.contains(architecture)) {
            problems.add("architecture must be one of " + ArchitectureSpec.FROM_SCRATCH + ", got: " + architecture);
        }
        if (parameters.baseModel() != null && !TRANSFER.equals(architecture)) {
            problems.add("baseModel only applies to architecture transfer");
        }
        if (parameters.epochs() < 1 || parameters.epochs() > MAX_EPOCHS) {
            problems.add("epochs must be between 1 and " + MAX_EPOCHS + ", got " + parameters.epochs());
        }
        if (parameters.batchSize() < 1 || parameters.batchSize() > MAX_BATCH_SIZE) {
            problems.add("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got " + parameters.batchSize());
        }
        if (!(parameters.learningRate() > 0 && parameters.learningRate() < 1)) {
            problems.add("learningRate must be above 0 and below 1, got " + parameters.learningRate());
        }
        Double fineTune = parameters.fineTuneLearningRate();
        if (fineTune != null && !(fineTune > 0 && fineTune < 1)) {
            problems.add("fineTuneLearningRate must be above 0 and below 1, got " + fineTune);
        }
        int min = ArchitectureSpec.CNN.equals(architecture) ? MIN_IMAGE_SIZE : MIN_ZOO_IMAGE_SIZE;
        int size = parameters.imageSize();
        if (size != 0 && (size < min || size > MAX_IMAGE_SIZE)) {
            problems.add("imageSize must be 0 (the architecture's default) or between " + min + " and "
                    + MAX_IMAGE_SIZE + ", got " + size);
        }
        return problems;
    }
}
