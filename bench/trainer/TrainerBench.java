import io.sightline.trainer.training.EpochMetrics;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.trainer.training.SplitImages;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.trainer.training.TrainingSpec;
import io.sightline.vision.ImageSignature;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput of Sightline's default CNN through the trainer's own loop (ImageClassifierTrainer), on the
 * data {@code make_data.py} wrote. Run by run.sh; prints img/s per epoch and the median of epochs 2…n.
 *
 * <p>Given JOBS, it trains that many copies at once in this JVM, as a worker with {@code
 * sightline.trainer.concurrent-jobs} does, and prints the images per second of all of them together.
 *
 * <p>Usage: java -cp CLASSPATH TrainerBench.java DATA_DIR EPOCHS BATCH [JOBS]
 */
public final class TrainerBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int[] header = ints(dir.resolve("header.i32"));
        int n = header[0];
        int channels = header[1];
        int size = header[2];
        int classes = header[3];
        float[] pixels = floats(dir.resolve("images.f32"), n * channels * size * size);
        int[] labels = ints(dir.resolve("labels.i32"));
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        int inputSize = channels * size * size;
        // 32 held-out images so the per-epoch held-out pass is small; throughput counts the training pass only
        int heldOut = 32;
        SplitImages train = new SplitImages("train", n, inputSize, pixels, labels);
        SplitImages val = new SplitImages("val", heldOut, inputSize, java.util.Arrays.copyOf(pixels, heldOut * inputSize),
                java.util.Arrays.copyOf(labels, heldOut));
        ImageSignature signature = ImageSignature.rgb(size, names);
        TrainingImages images = new TrainingImages(null, signature, train, val, val, 0);
        TrainingSpec spec = new TrainingSpec("cnn", size, epochs, batch, 0.001, 42);
        if (args.length > 3) {
            together(images, spec, Integer.parseInt(args[3]), (long) n * epochs);
            return;
        }
        try (TrainedModel trained = new ImageClassifierTrainer(0).train(images, spec, e -> System.out.printf(
                Locale.ROOT, "djl epoch %d: %.1f img/s, train loss %.4f%n", e.epoch(), e.imagesPerSecond(),
                e.trainLoss()))) {
            List<Double> rates = trained.history().stream().skip(1).map(EpochMetrics::imagesPerSecond).sorted().toList();
            System.out.printf(Locale.ROOT, "djl median img/s (epochs 2-%d): %.1f, threads %s%n", epochs,
                    rates.get(rates.size() / 2), System.getProperty("ai.djl.pytorch.num_threads"));
        }
    }

    /** Trains {@code jobs} copies at once; prints their combined training images per second (wall time). */
    private static void together(TrainingImages images, TrainingSpec spec, int jobs, long imagesPerJob)
            throws Exception {
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs);
        try {
            List<java.util.concurrent.Future<Double>> runs = new ArrayList<>();
            long start = System.nanoTime();
            for (int j = 0; j < jobs; j++) {
                runs.add(pool.submit(() -> {
                    try (TrainedModel trained = trainer.train(images, spec, e -> { })) {
                        return trained.history().get(trained.history().size() - 1).trainLoss();
                    }
                }));
            }
            List<Double> losses = new ArrayList<>();
            for (var run : runs) {
                losses.add(run.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "djl %d jobs at once: %.1f img/s together (%.1f s wall, epoch 1 included),"
                    + " last train losses %s, threads %s%n", jobs, jobs * imagesPerJob / seconds, seconds, losses,
                    System.getProperty("ai.djl.pytorch.num_threads"));
        } finally {
            pool.shutdownNow();
        }
    }

    private static int[] ints(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[bytes.remaining() / 4];
        bytes.asIntBuffer().get(out);
        return out;
    }

    private static float[] floats(Path file, int count) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
