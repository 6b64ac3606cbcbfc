package io.sightline.trainer.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import java.util.List;
import java.util.Optional;

/**
 * A network trained from scratch: DJL's Xavier for its weights, but a dense classifier at PyTorch's {@code nn.Linear}
 * scale, as the transfer head (decision 083). Under Xavier the default cnn's first class scores spread so wide that
 * its loss before any step was 4.8–5.3 on 10 classes, not the ln 10 = 2.30 of a uniform guess: its first steps went
 * to shrinking the scores, and the learning-rate range test read that shrinking (decision 114).
 */
record ScratchNetwork(ArchitectureSpec architecture) implements Network {

    @Override
    public Block build(NDManager manager) {
        Block block = Architectures.build(architecture);
        // He-normal (the default) starts slowly on small CNNs; Xavier converges in fewer epochs
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        classifier(block).ifPresent(c -> c.setInitializer(TransferNetwork.HEAD_INITIALIZER, Parameter.Type.WEIGHT));
        return block;
    }

    /**
     * The network's last layer with weights when it is a dense one (cnn, resnet18); mobilenet_v2 ends in a
     * convolution and keeps Xavier throughout.
     */
    static Optional<Block> classifier(Block block) {
        if (!(block instanceof SequentialBlock sequential)) {
            return Optional.empty();
        }
        List<Block> children = sequential.getChildren().values();
        for (int i = children.size() - 1; i >= 0; i--) {
            if (!children.get(i).getParameters().isEmpty()) {
                return children.get(i) instanceof Linear ? Optional.of(children.get(i)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
