package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/**
 * Records gradients on the calling thread only, so that two jobs can train at once in one JVM.
 *
 * <p>DJL's PyTorch collector allows one collector per JVM (a static flag: "A PtGradientCollector is already
 * collecting"), although PyTorch's grad mode is per thread. This one does what that one does — switch grad
 * mode on for its scope, back-propagate from the loss — without the JVM-wide flag. Other engines get their
 * own collector.
 */
final class ThreadGradientCollector implements GradientCollector {

    private final boolean wasOn;

    private ThreadGradientCollector() {
        wasOn = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** A collector for one training step of {@code trainer}. */
    static GradientCollector open(Trainer trainer) {
        if ("PyTorch".equals(trainer.getManager().getEngine().getEngineName())) {
            return new ThreadGradientCollector();
        }
        return trainer.newGradientCollector();
    }

    @Override
    public void backward(NDArray target) {
        NDArray ones = target.getManager().ones(target.getShape(), target.getDataType());
        JniUtils.backward((PtNDArray) target, (PtNDArray) ones.toDevice(target.getDevice(), false), false, false);
    }

    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("the trainer's step resets the gradients of its own parameters");
    }

    @Override
    public void close() {
        if (!wasOn) {
            JniUtils.setGradMode(false);
        }
    }
}
