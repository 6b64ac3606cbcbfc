package io.sightline.vision;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/** Builds the {@link Block} an {@link ArchitectureSpec} describes. Outputs are logits (no softmax). */
public final class Architectures {

    private Architectures() {
    }

    public static Block build(ArchitectureSpec spec) {
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
                .add(Dropout.builder().optRate(spec.dropout()).build())
                .add(Linear.builder().setUnits(spec.classes()).build());
    }
}
