package io.sightline.trainer.training;

import ai.djl.Device;
import io.sightline.vision.SeededDropout;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.sightline.vision.ImageSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trains an image classifier: Adam with a learning-rate schedule (warm-up, constant/cosine/step,
 * reduce-on-plateau), softmax cross-entropy, optional augmentation, a held-out pass after every epoch, early
 * stopping, the best epoch's weights restored, a checkpoint after every epoch, and for transfer networks a
 * second, fine-tuning phase. Ends with a test evaluation.
 *
 * <p>Runs are reproducible for a seed, also across a resume: every epoch re-seeds the engine (dropout) and draws
 * its batch order and augmentation from generators seeded by (seed, epoch), and the optimiser's state is part of
 * the checkpoint. Nothing draws from the engine's global generator while training: dropout masks come from
 * each {@link SeededDropout}'s own generator, and the one use of the engine's generator, the initial weights,
 * happens under a lock. So several jobs may train in one JVM at once, each reproducible for its seed; each
 * gets GPUs of its own while there are enough ({@link DeviceSlots}).
 */
public final class ImageClassifierTrainer {

    /** Guards the engine's global generator while a job seeds it and draws its initial weights. */
    private static final Object ENGINE_RANDOM = new Object();

    private final int maxGpus;
    private volatile DeviceSlots slots;

    /** Trains on one GPU when the engine sees one, else on the CPU. */
    public ImageClassifierTrainer() {
        this(1);
    }

    /** @param maxGpus most GPUs one job uses (data-parallel); 0 forces the CPU */
    public ImageClassifierTrainer(int maxGpus) {
        this.maxGpus = maxGpus;
    }

    /** Trains a from-scratch network without checkpoints. The caller closes the returned model. */
    public TrainedModel train(TrainingImages images, TrainingSpec spec, EpochListener listener) throws TrainingFailure {
        return train(images, spec, Network.fromScratch(spec.architectureSpec(images.signature().classes().size())),
                Checkpoints.NONE, "", listener);
    }

    /**
     * Trains a network on the images. The caller closes the returned model.
     *
     * @param checkpoints where to save a checkpoint after every epoch and to resume from
     * @param fingerprint identifies the run; a checkpoint of another run is not resumed
     * @param listener    hears every epoch as it ends, after its checkpoint was saved
     * @throws TrainingFailure when the engine cannot train this network on this data, or the loss diverges
     */
    public TrainedModel train(TrainingImages dataset, TrainingSpec spec, Network network, Checkpoints checkpoints,
                              String fingerprint, EpochListener listener) throws TrainingFailure {
        return train(dataset, spec, network, checkpoints, fingerprint, listener, StopSignal.NEVER);
    }

    /**
     * As {@link #train(TrainingImages, TrainingSpec, Network, Checkpoints, String, EpochListener)}, asking {@code stop}
     * before every batch.
     *
     * @throws TrainingStopped when {@code stop} asked; the checkpoint of the last finished epoch stays
     */
    public TrainedModel train(TrainingImages dataset, TrainingSpec spec, Network network, Checkpoints checkpoints,
                              String fingerprint, EpochListener listener, StopSignal stop) throws TrainingFailure {
        long start = spec.start() != 0 ? spec.start() : System.nanoTime();
        ValidationSlice.Carved carved = ValidationSlice.carve(dataset, spec.validationShare(), spec.seed());
        Device[] devices;
        try {
            devices = slots().acquire(maxGpus);
        } catch (ai.djl.engine.EngineException e) {
            throw new TrainingFailure("the PyTorch engine could not start on this worker: " + e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>();
        Checkpoint resume = resumable(checkpoints, fingerprint, warnings);
        Model model = Model.newInstance("sightline-" + network.architecture().name(), devices[0]);
        boolean handedOver = false;
        try {
            Block block = network.build(model.getNDManager());
            model.setBlock(block);
            ImageSignature s = carved.images().signature();
            synchronized (ENGINE_RANDOM) {
                Engine.getInstance().setRandomSeed(Long.hashCode(epochSeed(spec.seed(), 0)));
                block.initialize(model.getNDManager(), DataType.FLOAT32,
                        new Shape(1, s.channels(), s.height(), s.width()));
            }
            if (resume == null) {
                // before any trainer exists, so no parameter store holds the arrays the loading replaces
                network.loadPretrained(model.getNDManager());
            }
            EpochLoop loop = new EpochLoop(model, network, carved, spec, start, devices,
                    new EpochLoop.RunStorage(checkpoints, fingerprint, listener, warnings, stop));
            TrainedModel trained = loop.execute(resume);
            handedOver = true;
            return trained;
        } catch (ai.djl.engine.EngineException e) {
            throw new TrainingFailure("the engine failed to train " + network.architecture().name() + " at "
                    + network.architecture().imageSize() + " px: " + TrainingFailure.gist(e.getMessage()), e);
        } catch (IOException | UncheckedIOException e) {
            throw new TrainingFailure("the checkpoint could not be written: " + e.getMessage(), e);
        } finally {
            if (!handedOver) {
                model.close();
            }
            slots().release(devices);
        }
    }

    private DeviceSlots slots() {
        DeviceSlots current = slots;
        if (current == null) {
            synchronized (this) {
                if (slots == null) {
                    int gpus = Engine.getInstance().getGpuCount(); // starts the engine: fails here if it cannot
                    slots = new DeviceSlots(maxGpus == 0 ? 0 : gpus);
                }
                current = slots;
            }
        }
        return current;
    }

    /** Restarts the masks of every {@link SeededDropout} in the block for an epoch. */
    static void seedDropout(Block block, long seed) {
        if (block instanceof SeededDropout dropout) {
            dropout.seed(seed);
        }
        for (Block child : block.getChildren().values()) {
            seedDropout(child, seed);
        }
    }

    /** The checkpoint to resume from; a corrupt one or one of another run means starting over, with a warning. */
    private static Checkpoint resumable(Checkpoints checkpoints, String fingerprint, List<String> warnings) {
        try {
            Optional<Checkpoint> latest = checkpoints.latest();
            if (latest.isEmpty()) {
                return null;
            }
            if (!fingerprint.equals(latest.get().state().fingerprint())) {
                warnings.add("a checkpoint of another run was found and ignored; training from scratch");
                return null;
            }
            return latest.get();
        } catch (IOException | RuntimeException e) {
            warnings.add("the checkpoint could not be used (" + e.getMessage() + "); training from scratch");
            return null;
        }
    }

    /** A seed for one epoch: the same (seed, epoch) always gives the same dropout, order and augmentation. */
    static long epochSeed(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
