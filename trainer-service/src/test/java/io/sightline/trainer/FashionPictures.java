package io.sightline.trainer;

import io.sightline.trainer.training.SplitImages;
import io.sightline.vision.ImagePreprocessor;
import io.sightline.vision.ImageSignature;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Real pictures for learning tests: Fashion-MNIST (28×28 grayscale clothing, 10 classes) from Debian's
 * {@code dataset-fashion-mnist}, which {@code bin/test} installs. Shapes drawn by a generator are too easy to show
 * what a learning rule is worth; these are not.
 */
public final class FashionPictures {

    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String MISSING = "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist;"
            + " bin/test installs it)";

    private final byte[][] pixels;
    private final int[] labels;

    private FashionPictures(byte[][] pixels, int[] labels) {
        this.pixels = pixels;
        this.labels = labels;
    }

    public static boolean available() {
        return Files.isRegularFile(DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz"));
    }

    /** {@code train} (60,000 pictures) or {@code t10k} (10,000). */
    public static FashionPictures read(String prefix) {
        try (DataInputStream images = open(prefix + "-images-idx3-ubyte.gz");
             DataInputStream labelStream = open(prefix + "-labels-idx1-ubyte.gz")) {
            images.readInt();
            labelStream.readInt();
            int count = images.readInt();
            labelStream.readInt();
            int side = images.readInt() * images.readInt();
            byte[][] pixels = new byte[count][side];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                images.readFully(pixels[i]);
                labels[i] = labelStream.readUnsignedByte();
            }
            return new FashionPictures(pixels, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first {@code perClass} pictures of each of {@code classes}, from {@code skip} pictures on, labelled by
     * their position in {@code classes}, preprocessed as the trainer does for {@code signature}.
     */
    public SplitImages split(String name, List<Integer> classes, int skip, int perClass, ImageSignature signature) {
        int[] taken = new int[classes.size()];
        int[] chosen = IntStream.range(skip, labels.length).filter(i -> {
            int c = classes.indexOf(labels[i]);
            return c >= 0 && taken[c]++ < perClass;
        }).toArray();
        ImagePreprocessor preprocessor = new ImagePreprocessor(signature);
        int size = signature.inputSize();
        float[] out = new float[chosen.length * size];
        int[] outLabels = new int[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, pixels[chosen[k]]);
            System.arraycopy(preprocessor.preprocess(image), 0, out, k * size, size);
            outLabels[k] = classes.indexOf(labels[chosen[k]]);
        }
        return new SplitImages(name, chosen.length, size, out, outLabels);
    }

    private static DataInputStream open(String file) throws IOException {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(
                Files.newInputStream(DEBIAN_DIR.resolve(file)))));
    }
}
