package io.sightline.vision;

import java.util.List;

/**
 * Everything needed to rebuild a model's {@link ai.djl.nn.Block} before loading its weights (DJL
 * {@code .params} hold weights only). Stored as {@code architecture.json} beside them.
 *
 * @param name       {@code cnn}, {@code mobilenet_v2} or {@code resnet18}
 * @param imageSize  square input side in pixels
 * @param channels   input channels
 * @param classes    number of outputs
 * @param filters    {@code cnn}: filters of each conv block (each block halves the resolution)
 * @param denseUnits {@code cnn}: units of the hidden dense layer
 * @param dropout    {@code cnn}: dropout rate before the output layer
 */
public record ArchitectureSpec(String name, int imageSize, int channels, int classes, List<Integer> filters,
                               int denseUnits, float dropout) {

    public static final String CNN = "cnn";
    public static final String MOBILENET_V2 = "mobilenet_v2";
    public static final String RESNET18 = "resnet18";

    /** The architectures that can be trained from scratch. */
    public static final List<String> FROM_SCRATCH = List.of(CNN, MOBILENET_V2, RESNET18);

    public ArchitectureSpec {
        if (!FROM_SCRATCH.contains(name)) {
            throw new IllegalArgumentException("unknown architecture " + name + ", expected one of " + FROM_SCRATCH);
        }
        if (imageSize < 8) {
            throw new IllegalArgumentException("image size must be at least 8 pixels, got " + imageSize);
        }
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    /**
     * The default small CNN for a given input: two conv blocks up to 32 px, three above (every block
     * halves the resolution; three keep a 64 px input's dense layer small), dense 128, dropout 0.25.
     */
    public static ArchitectureSpec cnn(int imageSize, int channels, int classes) {
        List<Integer> filters = imageSize <= 32 ? List.of(32, 64) : List.of(32, 64, 128);
        return new ArchitectureSpec(CNN, imageSize, channels, classes, filters, 128, 0.25f);
    }

    /** A model-zoo architecture at the given input size. */
    public static ArchitectureSpec zoo(String name, int imageSize, int channels, int classes) {
        return new ArchitectureSpec(name, imageSize, channels, classes, List.of(), 0, 0f);
    }

    /** The default square input side of each architecture. */
    public static int defaultImageSize(String name) {
        return CNN.equals(name) ? 32 : 96;
    }
}
