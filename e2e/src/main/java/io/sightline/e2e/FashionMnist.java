package io.sightline.e2e;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Real pictures for the demo: Fashion-MNIST (70,000 28×28 grayscale images of clothing, 10 classes) as
 * Debian's {@code dataset-fashion-mnist} package installs it — gzipped IDX files — turned into the
 * class-per-folder layout Sightline ingests.
 */
public final class FashionMnist {

    /** Where the Debian package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Label index → folder name. */
    public static final List<String> CLASSES = List.of("tshirt-top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle-boot");

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    /** One labelled picture. */
    public record Picture(String label, byte[] png) {
    }

    private final Path dir;

    public FashionMnist(Path dir) {
        this.dir = dir;
    }

    /** Whether the four IDX files are there. */
    public boolean available() {
        return List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz").stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    /** Writes the first {@code perClass} training pictures of each class as PNGs into {@code target/<class>/}. */
    public Path writeTrainingFolders(Path target, int perClass) throws IOException {
        int index = 0;
        for (Picture picture : read("train", perClass)) {
            Path folder = Files.createDirectories(target.resolve(picture.label()));
            Files.write(folder.resolve(String.format("%05d.png", index++)), picture.png());
        }
        return target;
    }

    /** Up to {@code perClass} pictures of each class from the test files, which training never sees. */
    public List<Picture> heldOut(int perClass) throws IOException {
        return read("t10k", perClass);
    }

    private List<Picture> read(String prefix, int perClass) throws IOException {
        try (DataInputStream images = open(prefix + "-images-idx3-ubyte.gz");
             DataInputStream labels = open(prefix + "-labels-idx1-ubyte.gz")) {
            if (images.readInt() != IMAGES_MAGIC || labels.readInt() != LABELS_MAGIC) {
                throw new IOException("not Fashion-MNIST IDX files in " + dir);
            }
            int count = images.readInt();
            if (labels.readInt() != count) {
                throw new IOException("image and label counts differ in " + dir);
            }
            int rows = images.readInt();
            int cols = images.readInt();
            int[] taken = new int[CLASSES.size()];
            byte[] pixels = new byte[rows * cols];
            List<Picture> pictures = new ArrayList<>();
            for (int i = 0; i < count && pictures.size() < perClass * CLASSES.size(); i++) {
                images.readFully(pixels);
                int label = labels.readUnsignedByte();
                if (taken[label] < perClass) {
                    taken[label]++;
                    pictures.add(new Picture(CLASSES.get(label), png(pixels, cols, rows)));
                }
            }
            return pictures;
        }
    }

    private DataInputStream open(String file) throws IOException {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(dir.resolve(file)))));
    }

    private static byte[] png(byte[] pixels, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, width, height, pixels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
