package io.sightline.inference;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.initializer.XavierInitializer;
import io.sightline.events.ModelPromoted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.ModelArtifact;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

/** Tiny real models in a store, promotions naming them, and images to send them. */
public final class TestModels {

    /** Input side of the test models: small, so a forward pass costs next to nothing. */
    public static final int SIZE = 16;

    private TestModels() {
    }

    /**
     * Publishes a small untrained CNN under {@code models/<model>/<version>} whose output layer is set so
     * that it always answers {@code classes.get(favourite)} with near certainty, whatever the image: a
     * test can tell from the label which version answered.
     */
    public static String publish(ArtifactStore store, String model, String version, List<String> classes,
                                 int favourite) throws IOException {
        return publish(store, model, version, ArchitectureSpec.cnn(SIZE, 3, classes.size()), classes, favourite);
    }

    /** As above for a model whose dataset gave its classes display names ({@code names} parallel to classes). */
    public static String publishNamed(ArtifactStore store, String model, String version, List<String> classes,
                                      List<String> names, int favourite) throws IOException {
        return publish(store, model, version, ArchitectureSpec.cnn(SIZE, 3, classes.size()),
                ImageSignature.rgb(SIZE, classes).withNames(names), favourite);
    }

    /** As above with an explicit architecture (whose class count may disagree with the signature, on purpose). */
    public static String publish(ArtifactStore store, String model, String version, ArchitectureSpec spec,
                                 List<String> classes, int favourite) throws IOException {
        return publish(store, model, version, spec, ImageSignature.rgb(SIZE, classes), favourite);
    }

    private static String publish(ArtifactStore store, String model, String version, ArchitectureSpec spec,
                                  ImageSignature signature, int favourite) throws IOException {
        String key = StoreKeys.modelVersion(model, version);
        try (Model djl = Model.newInstance("test-" + model); Publication publication = store.publish(key)) {
            Block block = Architectures.build(spec);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            djl.setBlock(block);
            block.initialize(djl.getNDManager(), DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            ParameterList parameters = block.getParameters();
            // the output layer is last: zero weights and a one-hot bias make the logits constant
            NDArray weight = parameters.valueAt(parameters.size() - 2).getArray();
            NDArray bias = parameters.valueAt(parameters.size() - 1).getArray();
            weight.muli(0);
            bias.muli(0);
            bias.set(new NDIndex(favourite), 10f);
            ModelArtifact.write(publication.directory(), block, spec, signature);
            publication.commit();
        }
        return key;
    }

    /** Publishes a version whose weights file is garbage: it cannot load. */
    public static String publishCorrupt(ArtifactStore store, String model, String version, List<String> classes)
            throws IOException {
        String key = StoreKeys.modelVersion(model, version);
        try (Publication publication = store.publish(key)) {
            Files.write(publication.directory().resolve(StoreKeys.ARCHITECTURE),
                    StoreJson.write(ArchitectureSpec.cnn(SIZE, 3, classes.size())));
            Files.write(publication.directory().resolve(StoreKeys.SIGNATURE),
                    StoreJson.write(ImageSignature.rgb(SIZE, classes)));
            Files.write(publication.directory().resolve(StoreKeys.MODEL_PARAMS),
                    "not weights".getBytes(StandardCharsets.UTF_8));
            publication.commit();
        }
        return key;
    }

    /**
     * Writes {@code models/<model>/champion.json} as the trainer does, by hand rather than from the
     * {@link io.sightline.storage.Champion} record, so that the JSON read is pinned to the fields written.
     */
    public static void writeChampion(ArtifactStore store, String model, String version) throws IOException {
        String json = "{\"model\": \"" + model + "\", \"version\": \"" + version + "\", \"testAccuracy\": 0.9,"
                + " \"jobId\": \"job-" + version + "\", \"eventId\": \"" + UUID.randomUUID() + "\","
                + " \"reason\": \"first version\", \"promotedAt\": \"2026-01-01T00:00:00Z\"}";
        store.write(StoreKeys.champion(model), json.getBytes(StandardCharsets.UTF_8));
    }

    public static ModelPromoted promotion(String model, String version, String artifactKey) {
        return new ModelPromoted(UUID.randomUUID().toString(), model, version, artifactKey, "job-" + version,
                "shapes", "1", 0.9, Instant.now());
    }

    public static BufferedImage disc(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    public static byte[] png(int width, int height) throws IOException {
        return encode(disc(width, height), "png");
    }

    /** A binary PPM (P6), written by hand: ImageIO reads PNM through TwelveMonkeys but may not write it. */
    public static byte[] ppm(BufferedImage image) {
        byte[] header = ("P6\n" + image.getWidth() + " " + image.getHeight() + "\n255\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + 3 * image.getWidth() * image.getHeight()];
        System.arraycopy(header, 0, out, 0, header.length);
        int at = header.length;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                out[at++] = (byte) (rgb >> 16);
                out[at++] = (byte) (rgb >> 8);
                out[at++] = (byte) rgb;
            }
        }
        return out;
    }
}
