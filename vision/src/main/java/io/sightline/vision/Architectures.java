package io.sightline.vision;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import java.util.List;

/** Builds the {@link Block} an {@link ArchitectureSpec} describes. Outputs are logits (no softmax). */
public final class Architectures {

    private Architectures() {
    }

    /**
     * Builds a network that needs no native module to be built (every architecture except a transfer network
     * over a TorchScript backbone: use {@link #build(ArchitectureSpec, NDManager)}).
     */
    public static Block build(ArchitectureSpec spec) {
        if (spec.usesTorchScript()) {
            throw new IllegalArgumentException("a network with a TorchScript backbone is built with a manager");
        }
        return build(spec, null);
    }

    /**
     * Builds any network. A TorchScript backbone is an empty module owned by {@code manager} until the weights
     * (which hold the whole module) are loaded into it; it cannot be initialised before.
     */
    public static Block build(ArchitectureSpec spec, NDManager manager) {
        if (ArchitectureSpec.TRANSFER.equals(spec.name())) {
            Block backbone = ArchitectureSpec.TORCHSCRIPT_BACKBONE.equals(spec.backbone())
                    ? new PtSymbolBlock((PtNDManager) manager)
                    : featureExtractor(build(spec.base(), manager), spec.base());
            return transfer(spec, backbone);
        }
        return switch (spec.name()) {
            case ArchitectureSpec.CNN -> cnn(spec);
            case ArchitectureSpec.RESNET18 -> ResNetV1.builder()
                    .setImageShape(new Shape(spec.channels(), spec.imageSize(), spec.imageSize()))
                    .setNumLayers(18)
                    .setOutSize(spec.classes())
                    .build();
            case ArchitectureSpec.MOBILENET_V2 -> MobileNetV2.builder().setOutSize(spec.classes()).build();
            default -> throw new IllegalArgumentException("unknown architecture " + spec.name());
        };
    }

    /**
     * A transfer network: the backbone (wrapped in a {@link BackboneBlock}), then the head flatten → dense
     * ({@code denseUnits}, ReLU) → dropout → dense ({@code classes}).
     */
    public static SequentialBlock transfer(ArchitectureSpec spec, Block backbone) {
        SequentialBlock head = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(spec.denseUnits()).build())
                .add(Activation.reluBlock())
                .add(new SeededDropout(spec.dropout()))
                .add(Linear.builder().setUnits(spec.classes()).build());
        return new SequentialBlock().add(new BackboneBlock(backbone)).add(head);
    }

    /**
     * A network without its head: the blocks of {@code network} up to its classifier, sharing their parameters.
     * {@code cnn}: the conv blocks; {@code transfer}: the backbone; model-zoo networks: everything before their
     * last layer with weights, the classifier. (Their last layer is a reshape of the class scores: cutting only it
     * would leave the classifier in, and a new head would learn from the base's class scores, not its features.)
     */
    public static SequentialBlock featureExtractor(Block network, ArchitectureSpec spec) {
        if (!(network instanceof SequentialBlock sequential)) {
            throw new IllegalArgumentException("architecture " + spec.name() + " cannot be cut into features and head");
        }
        List<Block> children = sequential.getChildren().values();
        int keep = switch (spec.name()) {
            case ArchitectureSpec.CNN -> 4 * spec.filters().size();
            case ArchitectureSpec.TRANSFER -> 1;
            default -> lastWithWeights(children);
        };
        SequentialBlock features = new SequentialBlock();
        for (int i = 0; i < keep; i++) {
            features.add(children.get(i));
        }
        return features;
    }

    /** The position of the last block that holds parameters (the classifier of a model-zoo network). */
    private static int lastWithWeights(List<Block> blocks) {
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (!blocks.get(i).getParameters().isEmpty()) {
                return i;
            }
        }
        throw new IllegalArgumentException("a network without parameters has no classifier to cut off");
    }

    /** Conv blocks (conv 3×3 → batch norm → ReLU → max-pool 2×2), then flatten → dense → dropout → dense. */
    private static Block cnn(ArchitectureSpec spec) {
        SequentialBlock net = new SequentialBlock();
        for (int filters : spec.filters()) {
            net.add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(filters)
                            .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return net.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(spec.denseUnits()).build())
                .add(Activation.reluBlock())
                .add(new SeededDropout(spec.dropout()))
                .add(Linear.builder().setUnits(spec.classes()).build());
    }
}
