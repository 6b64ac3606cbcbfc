package io.sightline.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small copies of datasets in the layouts they are downloaded in: GTSRB's training set (PPM frames and a
 * semicolon CSV per class folder), its test set (one flat folder and one CSV), its sign-names file, Kaggle's
 * {@code Path,ClassId} CSV, labels in file names, a pre-split tree.
 */
public final class ShippedDatasets {

    /** GTSRB's first sign names, as its signnames.csv ships them. */
    public static final List<String> SIGN_NAMES = List.of("Speed limit (20km/h)", "Speed limit (30km/h)",
            "Speed limit (50km/h)");

    private static int counter;

    private ShippedDatasets() {
    }

    /** A binary PPM (P6) whose pixels depend on a fresh counter, so contents differ. */
    public static Path ppm(Path file, int width, int height) {
        int n;
        synchronized (ShippedDatasets.class) {
            n = ++counter;
        }
        byte[] header = ("P6\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] content = java.util.Arrays.copyOf(header, header.length + width * height * 3);
        for (int i = header.length; i < content.length; i++) {
            content[i] = (byte) (n * 37 + i * 11 + (i / 7) * 3);
        }
        write(file, content);
        return file;
    }

    /**
     * GTSRB's training layout: class folders {@code 00000}, {@code 00001}, … each with frames
     * {@code <track>_<frame>.ppm} and {@code GT-<class>.csv} ({@code Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId}).
     */
    public static void gtsrbTraining(Path root, int classes, int tracks, int frames) {
        for (int c = 0; c < classes; c++) {
            String cls = String.format("%05d", c);
            StringBuilder gt = new StringBuilder("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\r\n");
            for (int t = 0; t < tracks; t++) {
                for (int f = 0; f < frames; f++) {
                    String name = String.format("%05d_%05d.ppm", t, f);
                    int w = 30 + f;
                    int h = 32 + t;
                    ppm(root.resolve(cls).resolve(name), w, h);
                    gt.append(name).append(';').append(w).append(';').append(h).append(";5;6;").append(w - 5)
                            .append(';').append(h - 4).append(';').append(c).append("\r\n");
                }
            }
            write(root.resolve(cls).resolve("GT-" + cls + ".csv"), gt.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** GTSRB's test layout: one flat folder of {@code 00000.ppm}, … and {@code GT-final_test.csv}. */
    public static void gtsrbTest(Path root, int classes, int perClass) {
        StringBuilder gt = new StringBuilder("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n");
        int n = 0;
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < classes; c++) {
                String name = String.format("%05d.ppm", n++);
                ppm(root.resolve(name), 40, 36);
                gt.append(name).append(";40;36;4;3;36;33;").append(c).append('\n');
            }
        }
        write(root.resolve("GT-final_test.csv"), gt.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** GTSRB's signnames.csv: {@code ClassId,SignName}. */
    public static void signNames(Path file) {
        StringBuilder names = new StringBuilder("ClassId,SignName\n");
        for (int i = 0; i < SIGN_NAMES.size(); i++) {
            names.append(i).append(',').append(SIGN_NAMES.get(i)).append('\n');
        }
        write(file, names.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Kaggle's GTSRB layout: {@code Train/<id>/<file>.png} listed in {@code Train.csv} ({@code Width,...,ClassId,Path}). */
    public static void kaggle(Path root, int classes, int perClass) {
        List<String> rows = new ArrayList<>();
        rows.add("Width,Height,Roi.X1,Roi.Y1,Roi.X2,Roi.Y2,ClassId,Path");
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                String path = "Train/" + c + "/" + String.format("%05d_%05d_%05d.png", c, i / 3, i % 3);
                TestImages.png(root.resolve(path), 20, 20);
                rows.add("20,20,2,2,18,18," + c + "," + path);
            }
        }
        write(root.resolve("Train.csv"), (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Labels in file names: {@code cat.0.png}, {@code dog.0.png}, … in one folder (Kaggle's dogs vs cats). */
    public static void labelsInNames(Path root, List<String> labels, int perLabel) {
        for (String label : labels) {
            for (int i = 0; i < perLabel; i++) {
                TestImages.png(root.resolve(label + "." + i + ".png"), 16, 16);
            }
        }
    }

    /** A pre-split tree: {@code train/<class>/…}, {@code test/<class>/…}. */
    public static void preSplit(Path root, List<String> classes, int train, int test) {
        for (String cls : classes) {
            TestImages.images(root.resolve("train"), cls, "tr", train);
            TestImages.images(root.resolve("test"), cls, "te", test);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
