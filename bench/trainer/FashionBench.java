import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.training.Augmentation;
import io.sightline.trainer.training.Checkpoints;
import io.sightline.trainer.training.EpochMetrics;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.trainer.training.Network;
import io.sightline.trainer.training.SplitImages;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.trainer.training.TrainingSpec;
import io.sightline.trainer.training.TransferNetwork;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.ImagePreprocessor;
import io.sightline.vision.ImageSignature;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Learning benchmarks on real pictures (Debian's dataset-fashion-mnist), through the trainer's own loop with the
 * defaults a job gets. The same draws as {@code fashion.py} (plain PyTorch), so both sides see the same images.
 *
 * <pre>
 * accuracy BUDGET_S           the default recipe on the 60,000 training pictures, planned to end within BUDGET_S;
 *                             test accuracy on the 10,000 official test pictures
 * rates N EPOCHS RATE...     the defaults at each RATE (a number or auto) on the first N training pictures for
 *                             EPOCHS epochs; test accuracy on the 10,000 official ones, the range test, findings
 * transfer A,B SEED...        base: the default CNN on the other 8 classes (3 epochs); then per seed a 2-class task
 *                             A vs B with 100 training pictures per class: scratch (30 epochs) against the base's
 *                             frozen features + the course's head (20 epochs, then 10 fine-tuning at 2e-5);
 *                             accuracy on all 2,000 official test pictures of A and B
 * </pre>
 * Options as key=value after the mode: size, epochs, batch, lr, schedule, aug, per-class, base-epochs, base-dir,
 * t-schedule (the transfer side only).
 */
public final class FashionBench {

    static final Path DIR = Path.of(System.getProperty("fashion.dir", "/usr/share/datasets/fashion-mnist"));

    record Pictures(byte[][] pixels, int[] labels) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            if (a.contains("=")) {
                opt.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        Pictures train = read("train");
        Pictures test = read("t10k");
        if (args[0].equals("accuracy")) {
            accuracy(train, test, Integer.parseInt(args[1]), opt);
        } else if (args[0].equals("rates")) {
            rates(train, test, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Arrays.stream(args).skip(3).filter(a -> !a.contains("=")).toList(), opt);
        } else {
            int[] pair = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
            long[] seeds = Arrays.stream(args).skip(2).filter(a -> !a.contains("=")).mapToLong(Long::parseLong)
                    .toArray();
            transfer(train, test, pair, seeds, opt);
        }
    }

    static void accuracy(Pictures train, Pictures test, int budget, Map<String, String> opt) throws Exception {
        List<String> classes = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        int size = Integer.parseInt(opt.getOrDefault("size", "0"));
        TrainingSpec spec = TrainingSpec.of(JobRequest.builder("m", "d")
                .optEpochs(opt.containsKey("epochs") ? Integer.valueOf(opt.get("epochs")) : null)
                .optTimeBudgetSeconds(budget).build().parameters(), 28, train.labels.length);
        spec = tuned(spec, opt);
        ImageSignature signature = ImageSignature.rgb(spec.imageSize(), classes);
        long start = System.nanoTime();
        SplitImages trainSplit = split("train", train, all(train), signature);
        SplitImages testSplit = split("test", test, all(test), signature);
        TrainingImages images = new TrainingImages(null, signature, trainSplit, empty(signature), testSplit,
                (System.nanoTime() - start) / 1_000_000);
        System.out.printf(Locale.ROOT, "sightline accuracy: budget %d s, spec %s%n", budget, spec);
        long trainStart = System.nanoTime();
        try (TrainedModel trained = new ImageClassifierTrainer(0).train(images, spec,
                Network.fromScratch(network(spec, opt, 10)), Checkpoints.NONE, "",
                e -> System.out.printf(Locale.ROOT, "  epoch %d/%d  %.0f s  loss %.4f  val acc %.4f  lr %.2g%n",
                        e.epoch(), e.epochs(), (System.nanoTime() - trainStart) / 1e9, e.trainLoss(),
                        e.validationAccuracy() == null ? Double.NaN : e.validationAccuracy(), e.learningRate()))) {
            System.out.printf(Locale.ROOT, "sightline accuracy: test %.4f after %.0f s (training %d ms, evaluation %d ms,"
                            + " %d epochs)%n", trained.test().accuracy(), (System.nanoTime() - trainStart) / 1e9,
                    trained.trainingMs(), trained.evaluationMs(), trained.history().size());
        }
    }

    /**
     * What the diagnosis says of a run (decision 101), one line per finding, after the training losses it read
     * (each epoch's mean ± its standard error from the batches' spread, decision 116).
     */
    static void findings(String side, TrainedModel trained, TrainingSpec spec, boolean transfer) {
        System.out.printf(Locale.ROOT, "  epoch %s training loss:%s%n", side, trained.history().stream()
                .map(e -> String.format(Locale.ROOT, " %.4f±%.4f", e.trainLoss(),
                        e.trainLossError() == null ? Double.NaN : e.trainLossError()))
                .collect(java.util.stream.Collectors.joining()));
        io.sightline.trainer.diagnosis.CurveDiagnosis.diagnose(trained.history(),
                new io.sightline.trainer.diagnosis.CurveDiagnosis.Context(2, spec.learningRate(),
                        !spec.augmentation().isEmpty(), transfer))
                .forEach(f -> System.out.printf(Locale.ROOT, "  epoch %s finding %s at epoch %d: %s; %s%n", side,
                        f.kind(), f.epoch(), f.evidence(), f.suggestion()));
    }

    /**
     * The same job's defaults at each rate ({@code auto}: the range test, decision 101) on the first {@code n}
     * training pictures for {@code epochs} epochs; test accuracy on the 10,000 official ones, and the diagnosis.
     */
    static void rates(Pictures train, Pictures test, int n, int epochs, List<String> rates, Map<String, String> opt)
            throws Exception {
        // classes=0,6: only those classes (the first n of their pictures), as a small dataset of K classes
        List<Integer> kept = opt.containsKey("classes")
                ? Arrays.stream(opt.get("classes").split(",")).map(Integer::valueOf).toList()
                : IntStream.range(0, 10).boxed().toList();
        List<String> classes = kept.stream().map(i -> "c" + i).toList();
        int[] first = IntStream.range(0, train.labels.length).filter(i -> kept.contains(train.labels[i])).limit(n)
                .toArray();
        // order=k (k > 0): the same pictures in another order, so the job's batches (and its validation slice) differ
        if (opt.containsKey("order") && Long.parseLong(opt.get("order")) > 0) {
            Random shuffle = new Random(Long.parseLong(opt.get("order")));
            for (int i = first.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = first[i];
                first[i] = first[j];
                first[j] = t;
            }
        }
        int[] testIdx = IntStream.range(0, test.labels.length).filter(i -> kept.contains(test.labels[i])).toArray();
        for (String rate : rates) {
            JobRequest.Builder request = JobRequest.builder("m", "d").optEpochs(epochs)
                    .optSeed(opt.containsKey("seed") ? Long.valueOf(opt.get("seed")) : null);
            request = "auto".equals(rate) ? request.optLearningRateAuto()
                    : request.optLearningRate(Double.parseDouble(rate));
            TrainingSpec spec = TrainingSpec.of(request.build().parameters(), 28, first.length);
            ImageSignature signature = ImageSignature.rgb(spec.imageSize(), classes);
            TrainingImages images = new TrainingImages(null, signature,
                    relabel(split("train", train, first, signature), kept), empty(signature),
                    relabel(split("test", test, testIdx, signature), kept), 0);
            long start = System.nanoTime();
            try (TrainedModel trained = new ImageClassifierTrainer(0).train(images, spec, e -> { })) {
                double seconds = (System.nanoTime() - start) / 1e9;
                var sweep = trained.learningRateSweep();
                double peak = trained.learningRate(spec);
                var findings = io.sightline.trainer.diagnosis.CurveDiagnosis.diagnose(trained.history(),
                        new io.sightline.trainer.diagnosis.CurveDiagnosis.Context(kept.size(), peak, false, false,
                                sweep != null));
                System.out.printf(Locale.ROOT, "sightline rates: seed %d lr %s -> %.3g, test %.4f, %.0f s in all%s%n",
                        spec.seed(), rate, peak, trained.test().accuracy(), seconds, sweep == null ? ""
                                : String.format(Locale.ROOT, ", range test %d ms (%.1f%%): %s", sweep.durationMs(),
                                100.0 * sweep.durationMs() / 1000 / seconds, sweep.rule()));
                if (sweep != null) { // the curve the rule read, rate:smoothed loss per step
                    System.out.println("  curve " + IntStream.range(0, sweep.rates().size())
                            .mapToObj(i -> String.format(Locale.ROOT, "%.2g:%.3f", sweep.rates().get(i),
                                    sweep.losses().get(i))).collect(java.util.stream.Collectors.joining(" ")));
                }
                trained.history().forEach(e -> System.out.printf(Locale.ROOT, "  epoch %d  loss %.4f ± %.4f (peak"
                                + " %.4g)  acc %.4f  val acc %.4f  lr %.2g%n", e.epoch(), e.trainLoss(),
                        e.trainLossError() == null ? Double.NaN : e.trainLossError(),
                        e.peakLoss() == null ? Double.NaN : e.peakLoss(), e.trainAccuracy(),
                        e.validationAccuracy() == null ? Double.NaN : e.validationAccuracy(), e.learningRate()));
                findings.forEach(f -> System.out.printf(Locale.ROOT, "  finding %s at epoch %d: %s; suggestion: %s%n",
                        f.kind(), f.epoch(), f.evidence(), f.suggestion()));
            } catch (io.sightline.trainer.training.TrainingFailure e) {
                System.out.printf(Locale.ROOT, "sightline rates: lr %s failed: %s%n", rate, e.getMessage());
            }
        }
    }

    static void transfer(Pictures train, Pictures test, int[] pair, long[] seeds, Map<String, String> opt)
            throws Exception {
        int perClass = Integer.parseInt(opt.getOrDefault("per-class", "100"));
        int baseEpochs = Integer.parseInt(opt.getOrDefault("base-epochs", "3"));
        int size = ArchitectureSpec.defaultImageSize(ArchitectureSpec.CNN, 28);
        List<Integer> others = IntStream.range(0, 10).filter(c -> c != pair[0] && c != pair[1]).boxed().toList();
        ImageSignature baseSignature = ImageSignature.rgb(size, others.stream().map(c -> "c" + c).toList());
        int[] baseIdx = IntStream.range(0, train.labels.length).filter(i -> others.contains(train.labels[i])).toArray();
        int[] baseTestIdx = IntStream.range(0, test.labels.length).filter(i -> others.contains(test.labels[i])).toArray();
        // base-dir=DIR keeps the base there and reuses it on the next run with the same pair
        Path baseDir = opt.containsKey("base-dir") ? Path.of(opt.get("base-dir")) : Files.createTempDirectory("base");
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(0);
        long t0 = System.nanoTime();
        if (!Files.exists(baseDir.resolve("model.params"))) {
            TrainingSpec baseSpec = defaults(baseIdx.length).withEpochs(baseEpochs);
            try (TrainedModel base = trainer.train(new TrainingImages(null, baseSignature,
                            relabel(split("train", train, baseIdx, baseSignature), others),
                            empty(baseSignature), relabel(split("test", test, baseTestIdx, baseSignature), others), 0),
                    baseSpec, e -> { })) {
                Files.createDirectories(baseDir);
                base.writeArtifact(baseDir);
                System.out.printf(Locale.ROOT, "base (8 classes, %d epochs): test %.4f, %.0f s%n", baseEpochs,
                        base.test().accuracy(), (System.nanoTime() - t0) / 1e9);
            }
        }
        {
            ArchitectureSpec baseArch = io.sightline.vision.ModelArtifact.readArchitecture(baseDir);
            List<String> names = List.of("a", "b");
            ImageSignature signature = ImageSignature.rgb(size, names);
            int[] testIdx = IntStream.range(0, test.labels.length)
                    .filter(i -> test.labels[i] == pair[0] || test.labels[i] == pair[1]).toArray();
            List<Integer> pairList = List.of(pair[0], pair[1]);
            SplitImages testSplit = relabel(split("test", test, testIdx, signature), pairList);
            List<Double> gains = new ArrayList<>();
            for (long seed : seeds) {
                int[] drawn = draw(train.labels, pair, perClass, seed);
                SplitImages trainSplit = relabel(split("train", train, drawn, signature), pairList);
                TrainingImages images = new TrainingImages(null, signature, trainSplit, empty(signature), testSplit, 0);
                TrainingSpec scratchSpec = tuned(defaults(2 * perClass).withEpochs(30).withBatchSize(16).withSeed(seed), opt);
                double scratch;
                try (TrainedModel s = trainer.train(images, scratchSpec, e -> { })) {
                    scratch = s.test().accuracy();
                    findings("scratch", s, scratchSpec, false);
                }
                TrainingSpec transferSpec = tuned(defaults(2 * perClass).withEpochs(20).withBatchSize(16).withSeed(seed)
                        .withFineTuning(10, 2e-5), opt);
                if (opt.containsKey("t-schedule")) { // the transfer side only, e.g. PyTorch's constant rate
                    transferSpec = transferSpec.with(TrainingSpec.Schedule.parse(opt.get("t-schedule")),
                            transferSpec.warmupEpochs(), transferSpec.plateauPatience(),
                            transferSpec.earlyStoppingPatience(), transferSpec.augmentation());
                }
                ArchitectureSpec arch = ArchitectureSpec.transfer(baseArch, "base", 2);
                double transfer;
                try (TrainedModel t = trainer.train(images, transferSpec, TransferNetwork.fromSightline(arch, baseDir),
                        Checkpoints.NONE, "", e -> { })) {
                    transfer = t.test().accuracy();
                    findings("transfer", t, transferSpec, true);
                }
                gains.add(transfer - scratch);
                System.out.printf(Locale.ROOT, "seed %d: scratch %.4f  transfer %.4f  gain %+.1f points%n", seed,
                        scratch, transfer, 100 * (transfer - scratch));
            }
            double mean = gains.stream().mapToDouble(d -> d).average().orElse(0);
            double sd = Math.sqrt(gains.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum()
                    / Math.max(1, gains.size() - 1));
            System.out.printf(Locale.ROOT, "sightline transfer gain over %d draws: %+.1f +- %.1f points%n",
                    gains.size(), 100 * mean, 100 * sd);
        }
    }

    /** Overrides for trying other recipes: size, batch, lr, schedule, aug, val. */
    static TrainingSpec tuned(TrainingSpec spec, Map<String, String> opt) {
        if (opt.containsKey("size")) {
            spec = spec.withImageSize(Integer.parseInt(opt.get("size")));
        }
        if (opt.containsKey("batch")) {
            spec = spec.withBatchSize(Integer.parseInt(opt.get("batch")));
        }
        if (opt.containsKey("val")) {
            spec = spec.withValidationShare(Double.parseDouble(opt.get("val")));
        }
        if (opt.containsKey("schedule") || opt.containsKey("aug") || opt.containsKey("lr")) {
            spec = new TrainingSpec(spec.architecture(), spec.imageSize(), spec.epochs(), spec.batchSize(),
                    Double.parseDouble(opt.getOrDefault("lr", String.valueOf(spec.learningRate()))), spec.seed(),
                    opt.containsKey("schedule") ? TrainingSpec.Schedule.parse(opt.get("schedule")) : spec.schedule(),
                    spec.warmupEpochs(), spec.stepEpochs(), spec.plateauPatience(), spec.earlyStoppingPatience(),
                    opt.containsKey("aug") ? Augmentation.parse(List.of(opt.get("aug").split(","))) : spec.augmentation(),
                    spec.fineTuneEpochs(), spec.fineTuneLearningRate(), spec.validationShare(),
                    spec.timeBudgetSeconds(), spec.start());
        }
        return spec;
    }

    /** The default network, or another cnn: filters=32,64 dense=128 drop=0.5. */
    static ArchitectureSpec network(TrainingSpec spec, Map<String, String> opt, int classes) {
        ArchitectureSpec d = spec.architectureSpec(classes);
        List<Integer> filters = opt.containsKey("filters")
                ? Arrays.stream(opt.get("filters").split(",")).map(Integer::valueOf).toList() : d.filters();
        return new ArchitectureSpec(d.name(), d.imageSize(), d.channels(), classes, filters,
                Integer.parseInt(opt.getOrDefault("dense", String.valueOf(d.denseUnits()))),
                Float.parseFloat(opt.getOrDefault("drop", String.valueOf(d.dropout()))));
    }

    /** The spec a job that gives nothing but the model and dataset gets, for 28 px pictures. */
    static TrainingSpec defaults(int trainingImages) {
        return TrainingSpec.of(JobRequest.builder("m", "d").build()
                .parameters(), 28, trainingImages);
    }

    /** {@code perClass} training pictures of each class of the pair: the first by splitmix64(seed, index). */
    static int[] draw(int[] labels, int[] pair, int perClass, long seed) {
        List<Integer> out = new ArrayList<>();
        for (int c : pair) {
            IntStream.range(0, labels.length).filter(i -> labels[i] == c).boxed()
                    .sorted(Comparator.comparingLong(i -> Long.MIN_VALUE ^ mix(seed * 1_000_003L + i)))
                    .limit(perClass).forEach(out::add);
        }
        return out.stream().mapToInt(i -> i).toArray();
    }

    /** splitmix64's finaliser (the same in fashion.py). */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int[] all(Pictures p) {
        return IntStream.range(0, p.labels.length).toArray();
    }

    static SplitImages empty(ImageSignature s) {
        return new SplitImages("val", 0, s.inputSize(), new float[0], new int[0]);
    }

    /** Labels become positions in {@code classes}. */
    static SplitImages relabel(SplitImages s, List<Integer> classes) {
        int[] labels = Arrays.stream(s.labels()).map(classes::indexOf).toArray();
        return new SplitImages(s.split(), s.count(), s.inputSize(), s.pixels(), labels);
    }

    /** Preprocessed as the trainer does it: gray picture → the signature's RGB size and normalisation. */
    static SplitImages split(String name, Pictures p, int[] idx, ImageSignature signature) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(signature);
        int size = signature.inputSize();
        float[] pixels = new float[idx.length * size];
        int[] labels = new int[idx.length];
        IntStream.range(0, idx.length).parallel().forEach(k -> {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, p.pixels[idx[k]]);
            System.arraycopy(preprocessor.preprocess(image), 0, pixels, k * size, size);
            labels[k] = p.labels[idx[k]];
        });
        return new SplitImages(name, idx.length, size, pixels, labels);
    }

    static Pictures read(String prefix) throws IOException {
        try (DataInputStream images = gz(prefix + "-images-idx3-ubyte.gz");
             DataInputStream labels = gz(prefix + "-labels-idx1-ubyte.gz")) {
            images.readInt();
            labels.readInt();
            int n = images.readInt();
            labels.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            byte[][] pixels = new byte[n][rows * cols];
            int[] l = new int[n];
            for (int i = 0; i < n; i++) {
                images.readFully(pixels[i]);
                l[i] = labels.readUnsignedByte();
            }
            return new Pictures(pixels, l);
        }
    }

    static DataInputStream gz(String name) throws IOException {
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(
                Files.newInputStream(DIR.resolve(name)))));
    }
}
