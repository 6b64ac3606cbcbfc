package io.sightline.trainer.jobs.queue;

import io.sightline.vision.ArchitectureSpec;

/** What a request that leaves a hyperparameter out gets. Retrain bindings use the same defaults. */
public final class TrainingDefaults {

    public static final String ARCHITECTURE = ArchitectureSpec.CNN;
    public static final int EPOCHS = 5;
    /** 0: sized to the training split ({@code TrainingSpec#defaultBatchSize}: 16 to 128). */
    public static final int BATCH_SIZE = 0;
    public static final double LEARNING_RATE = 0.001;
    /** 0: the architecture's default (cnn: the pictures' typical side, 16 to 32 px; model-zoo networks: 96 px). */
    public static final int IMAGE_SIZE = 0;
    public static final long SEED = 42;

    private TrainingDefaults() {
    }
}
