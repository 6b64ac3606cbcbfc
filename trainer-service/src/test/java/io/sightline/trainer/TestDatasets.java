package io.sightline.trainer;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobRef;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Tiny generated image datasets published into a store the way the dataset service does it: blobs plus
 * a manifest. Three classes a small CNN separates within a few epochs: horizontal stripes, vertical stripes
 * and discs, each with random colours, stripe widths, offsets and noise.
 */
public final class TestDatasets {

    public static final List<String> CLASSES = List.of("disc", "horizontal", "vertical");
    public static final int SIZE = 16;

    private TestDatasets() {
    }

    /** Per class: {@code train} training, {@code validation} validation and {@code test} test images. */
    public record Split(int train, int validation, int test) {
    }

    /** Publishes a dataset version and returns its manifest. */
    public static DatasetManifest publish(ArtifactStore store, String dataset, String version, Split split, long seed)
            throws IOException {
        return publish(store, dataset, version, split, seed, null);
    }

    /** Publishes a dataset version whose names file gave {@code classNames} (class -> display name; null: none). */
    public static DatasetManifest publish(ArtifactStore store, String dataset, String version, Split split, long seed,
                                          Map<String, String> classNames) throws IOException {
        Random random = new Random(seed);
        List<DatasetManifest.Entry> entries = new ArrayList<>();
        for (String className : CLASSES) {
            int n = split.train() + split.validation() + split.test();
            for (int i = 0; i < n; i++) {
                String part = i < split.train() ? DatasetManifest.TRAIN
                        : i < split.train() + split.validation() ? DatasetManifest.VALIDATION : DatasetManifest.TEST;
                byte[] png = png(image(className, random));
                BlobRef blob = store.putBlob(new ByteArrayInputStream(png));
                String path = className + "/" + String.format("%03d.png", i);
                entries.add(new DatasetManifest.Entry(path, className, blob.sha256(), blob.bytes(), SIZE, SIZE, part,
                        path));
            }
        }
        return publish(store, dataset, version, CLASSES, entries, classNames);
    }

    /** Publishes a manifest as given (entries may point at anything). */
    public static DatasetManifest publish(ArtifactStore store, String dataset, String version, List<String> classes,
                                          List<DatasetManifest.Entry> entries) throws IOException {
        return publish(store, dataset, version, classes, entries, null);
    }

    private static DatasetManifest publish(ArtifactStore store, String dataset, String version, List<String> classes,
                                           List<DatasetManifest.Entry> entries, Map<String, String> classNames)
            throws IOException {
        List<DatasetManifest.Entry> sorted = entries.stream()
                .sorted(java.util.Comparator.comparing(DatasetManifest.Entry::path)).toList();
        DatasetManifest manifest = new DatasetManifest(dataset, version, DatasetManifest.digestOf(sorted, classNames),
                "generated:" + dataset, 0.2, 0.1, 7, classes, sorted, Instant.parse("2026-11-28T00:00:00Z"),
                DatasetManifest.CLASS_FOLDERS, classNames);
        try (Publication publication = store.publish(StoreKeys.datasetVersion(dataset, version))) {
            Files.write(publication.directory().resolve(StoreKeys.MANIFEST), StoreJson.write(manifest));
            publication.commit();
        }
        return manifest;
    }

    /** A fresh image of a class, never seen in training (its own random stream). */
    public static byte[] freshImage(String className, long seed) {
        return png(image(className, new Random(seed)));
    }

    static BufferedImage image(String className, Random random) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(60), random.nextInt(60), random.nextInt(60)));
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(new Color(160 + random.nextInt(96), 160 + random.nextInt(96), 160 + random.nextInt(96)));
        switch (className) {
            case "disc" -> {
                int r = 4 + random.nextInt(3);
                int cx = SIZE / 2 + random.nextInt(5) - 2;
                int cy = SIZE / 2 + random.nextInt(5) - 2;
                g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
            }
            case "horizontal", "vertical" -> {
                int width = 1 + random.nextInt(2);
                int period = width + 2 + random.nextInt(2);
                for (int at = random.nextInt(period); at < SIZE; at += period) {
                    if (className.equals("horizontal")) {
                        g.fillRect(0, at, SIZE, width);
                    } else {
                        g.fillRect(at, 0, width, SIZE);
                    }
                }
            }
            default -> throw new IllegalArgumentException(className);
        }
        g.dispose();
        for (int i = 0; i < 12; i++) { // salt noise
            image.setRGB(random.nextInt(SIZE), random.nextInt(SIZE), random.nextInt(0xffffff));
        }
        return image;
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
