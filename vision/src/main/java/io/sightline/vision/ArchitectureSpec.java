package io.sightline.vision;

import java.util.List;

/**
 * Everything needed to rebuild a model's {@link ai.djl.nn.Block} before loading its weights (DJL
 * {@code .params} hold weights only). Stored as {@code architecture.json} beside them. The last three fields
 * were added for transfer learning; files without them describe from-scratch networks as before.
 *
 * @param name       {@code cnn}, {@code mobilenet_v2}, {@code resnet18} or {@code transfer}
 * @param imageSize  square input side in pixels
 * @param channels   input channels
 * @param classes    number of outputs
 * @param filters    {@code cnn}: filters of each conv block (each block halves the resolution)
 * @param denseUnits {@code cnn}: units of the hidden dense layer; {@code transfer}: of the head's hidden layer
 * @param dropout    {@code cnn} and {@code transfer}: dropout rate before the output layer
 * @param backbone   {@code transfer}: {@code sightline} (the feature layers of {@code base}) or {@code torchscript}
 *                   (a TorchScript module, stored whole inside {@code model.params}); null otherwise
 * @param base       {@code transfer} with a {@code sightline} backbone: the base model's architecture, whose head
 *                   is removed; null otherwise
 * @param baseModel  {@code transfer}: where the backbone came from ({@code model:version}, or the TorchScript file
 *                   or URL), for people; null otherwise
 */
public record ArchitectureSpec(String name, int imageSize, int channels, int classes, List<Integer> filters,
                               int denseUnits, float dropout, String backbone, ArchitectureSpec base,
                               String baseModel) {

    public static final String CNN = "cnn";
    public static final String MOBILENET_V2 = "mobilenet_v2";
    public static final String RESNET18 = "resnet18";
    /** A frozen (later partly fine-tuned) backbone with a small new head. */
    public static final String TRANSFER = "transfer";

    /** Backbone taken from a Sightline model version (its head removed). */
    public static final String SIGHTLINE_BACKBONE = "sightline";
    /** Backbone from a TorchScript feature extractor (how ImageNet weights come in). */
    public static final String TORCHSCRIPT_BACKBONE = "torchscript";

    /** The architectures that can be trained from scratch. */
    public static final List<String> FROM_SCRATCH = List.of(CNN, MOBILENET_V2, RESNET18);

    /** Units of the transfer head's hidden layer. */
    public static final int TRANSFER_HEAD_UNITS = 64;
    /** Dropout of the transfer head. */
    public static final float TRANSFER_HEAD_DROPOUT = 0.25f;

    public ArchitectureSpec {
        if (!FROM_SCRATCH.contains(name) && !TRANSFER.equals(name)) {
            throw new IllegalArgumentException("unknown architecture " + name + ", expected one of " + FROM_SCRATCH
                    + " or " + TRANSFER);
        }
        if (imageSize < 8) {
            throw new IllegalArgumentException("image size must be at least 8 pixels, got " + imageSize);
        }
        if (TRANSFER.equals(name)) {
            if (SIGHTLINE_BACKBONE.equals(backbone) ? base == null : !TORCHSCRIPT_BACKBONE.equals(backbone)) {
                throw new IllegalArgumentException("a transfer architecture needs backbone " + TORCHSCRIPT_BACKBONE
                        + ", or " + SIGHTLINE_BACKBONE + " with the base architecture; got " + backbone);
            }
        }
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    /** A from-scratch architecture (the record before transfer learning). */
    public ArchitectureSpec(String name, int imageSize, int channels, int classes, List<Integer> filters,
                            int denseUnits, float dropout) {
        this(name, imageSize, channels, classes, filters, denseUnits, dropout, null, null, null);
    }

    /** The base model's feature layers, frozen, with a new head (flatten, dense 64 ReLU, dropout 0.25, dense). */
    public static ArchitectureSpec transfer(ArchitectureSpec base, String baseModel, int classes) {
        return new ArchitectureSpec(TRANSFER, base.imageSize(), base.channels(), classes, List.of(),
                TRANSFER_HEAD_UNITS, TRANSFER_HEAD_DROPOUT, SIGHTLINE_BACKBONE, base, baseModel);
    }

    /** A TorchScript feature extractor taking {@code imageSize}² RGB input, with a new head. */
    public static ArchitectureSpec transferFromTorchScript(String source, int imageSize, int classes) {
        return new ArchitectureSpec(TRANSFER, imageSize, 3, classes, List.of(), TRANSFER_HEAD_UNITS,
                TRANSFER_HEAD_DROPOUT, TORCHSCRIPT_BACKBONE, null, source);
    }

    /** Whether building this network needs a TorchScript module (anywhere down the chain of bases). */
    public boolean usesTorchScript() {
        return TORCHSCRIPT_BACKBONE.equals(backbone) || base != null && base.usesTorchScript();
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
        return CNN.equals(name) ? 32 : TRANSFER.equals(name) ? 224 : 96;
    }

    /**
     * The default square input side for a dataset whose pictures are typically {@code typicalSide} pixels (0:
     * unknown): the {@code cnn} takes small pictures at their own size (between 16 and 32 px) rather than scaled up,
     * which would cost time and add nothing; otherwise as {@link #defaultImageSize(String)}.
     */
    public static int defaultImageSize(String name, int typicalSide) {
        return CNN.equals(name) && typicalSide > 0 ? Math.max(16, Math.min(32, typicalSide)) : defaultImageSize(name);
    }
}
