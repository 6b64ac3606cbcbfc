package io.sightline.trainer.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;

/** A network trained from scratch. */
record ScratchNetwork(ArchitectureSpec architecture) implements Network {

    @Override
    public Block build(NDManager manager) {
        Block block = Architectures.build(architecture);
        // He-normal (the default) starts slowly on small CNNs; Xavier converges in fewer epochs
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        return block;
    }
}
