import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelDeleted;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobRef;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.sweeps.EventSweepAnnouncements;
import io.sightline.trainer.sweeps.Sweep;
import io.sightline.trainer.sweeps.SweepRequest;
import io.sightline.trainer.sweeps.SweepSpace;
import io.sightline.trainer.sweeps.SweepStore;
import io.sightline.trainer.sweeps.Sweeps;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * A random sweep on Fashion-MNIST (Debian's dataset-fashion-mnist) through the trainer's own parts: the queue checks,
 * the worker, the successive halving, the promotion gate. One worker plays the work queue (2 cores: jobs one after
 * another); arguments: TRAIN_PER_CLASS TEST_PER_CLASS TRIALS EPOCHS BUDGET_S STORE_DIR.
 */
public final class SweepBench {

    static final Path DIR = Path.of(System.getProperty("fashion.dir", "/usr/share/datasets/fashion-mnist"));

    public static void main(String[] args) throws Exception {
        int perClass = Integer.parseInt(args[0]);
        int testPerClass = Integer.parseInt(args[1]);
        int trials = Integer.parseInt(args[2]);
        int epochs = Integer.parseInt(args[3]);
        int budget = Integer.parseInt(args[4]);
        ArtifactStore store = new FileArtifactStore(Path.of(args[5]));
        publish(store, perClass, testPerClass);

        List<TrainingRequested> queue = new CopyOnWriteArrayList<>();
        TrainingEvents events = new QueueEvents(queue);
        JobBoard board = new JobBoard();
        PublishedModels registry = new PublishedModels(store);
        PublishedDatasets datasets = new PublishedDatasets(store);
        TrainingJobs jobs = TrainingJobs.builder().setDatasets(datasets).setModels(registry).setBoard(board)
                .setEvents(events).setClock(Clock.systemUTC()).setSendTimeout(Duration.ofSeconds(5)).build();
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(datasets).setModels(registry)
                .setPromoter(promoter).setBoard(board).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(new SimpleMeterRegistry()).setClock(Clock.systemUTC()).setWorkerName("bench")
                .setSendTimeout(Duration.ofSeconds(5)).build();
        Sweeps sweeps = new Sweeps(new SweepStore(store), jobs, board, registry,
                new EventSweepAnnouncements(events, Duration.ofSeconds(5)), Clock.systemUTC());

        SweepRequest request = new SweepRequest("fashion", "fashion", null, "random", trials, 42L,
                new SweepSpace(List.of(RequestedLearningRate.of(1e-2), RequestedLearningRate.of(1e-3),
                        RequestedLearningRate.of(1e-4), RequestedLearningRate.automatic()), List.of(32, 64), null,
                        List.of(List.of(), List.of("flip"))), epochs, null, budget);
        long start = System.nanoTime();
        Sweep sweep = sweeps.start(request);
        System.out.printf(Locale.ROOT, "sightline sweep %s: %d trials, %d rungs, %d epochs, budget %d s%n",
                sweep.id(), sweep.trials().size(), sweep.rungs(), epochs, budget);
        Set<String> ran = new HashSet<>();
        while (sweep.status().equals(Sweep.RUNNING)) {
            for (TrainingRequested job : new ArrayList<>(queue)) {
                if (ran.add(job.jobId())) {
                    long t = System.nanoTime();
                    worker.run(job);
                    System.out.printf(Locale.ROOT, "  %s %s epochs %d lr %s batch %d aug %s: %.0f s (at %.0f s)%n",
                            job.model(), job.jobId().substring(0, 8), job.parameters().epochs(),
                            job.parameters().learningRateAuto() != null ? "auto" : job.parameters().learningRate(),
                            job.parameters().batchSize(), job.parameters().augmentation(), (System.nanoTime() - t) / 1e9,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            sweeps.advanceAll();
            sweep = sweeps.get(sweep.id());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "sightline sweep %s: %s in %.0f s (budget %d s, %s), winner trial %s, model"
                        + " version %s, promoted %s (%s)%n", sweep.id(), sweep.status(), seconds, budget,
                sweep.budgetSpent() ? "halving cut by the budget" : "halving complete", sweep.winner(),
                sweep.winnerVersion(), sweep.promoted(), sweep.promotion());
        Files.writeString(Path.of(args[5]).resolve("sweep-report.html"), sweeps.report(sweep.id()));
    }

    /** The first {@code perClass} training and {@code testPerClass} test pictures of each class, as PNGs. */
    static void publish(ArtifactStore store, int perClass, int testPerClass) throws IOException {
        List<DatasetManifest.Entry> entries = new ArrayList<>();
        add(store, "train", DatasetManifest.TRAIN, perClass, entries);
        add(store, "t10k", DatasetManifest.TEST, testPerClass, entries);
        List<String> classes = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        List<DatasetManifest.Entry> sorted = entries.stream()
                .sorted(java.util.Comparator.comparing(DatasetManifest.Entry::path)).toList();
        DatasetManifest manifest = new DatasetManifest("fashion", "1", DatasetManifest.digestOf(sorted, null),
                "fashion-mnist", 0.0, 0.1, 7, classes, sorted, Instant.now(), DatasetManifest.CLASS_FOLDERS, null);
        try (Publication publication = store.publish(StoreKeys.datasetVersion("fashion", "1"))) {
            Files.write(publication.directory().resolve(StoreKeys.MANIFEST), StoreJson.write(manifest));
            publication.commit();
        }
    }

    static void add(ArtifactStore store, String prefix, String part, int perClass, List<DatasetManifest.Entry> out)
            throws IOException {
        try (DataInputStream images = gz(prefix + "-images-idx3-ubyte.gz");
             DataInputStream labels = gz(prefix + "-labels-idx1-ubyte.gz")) {
            images.readInt();
            labels.readInt();
            int n = images.readInt();
            labels.readInt();
            images.readInt();
            images.readInt();
            int[] taken = new int[10];
            byte[] pixels = new byte[28 * 28];
            for (int i = 0; i < n; i++) {
                images.readFully(pixels);
                int label = labels.readUnsignedByte();
                if (taken[label] >= perClass) {
                    continue;
                }
                taken[label]++;
                BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                image.getRaster().setDataElements(0, 0, 28, 28, pixels);
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                BlobRef blob = store.putBlob(new ByteArrayInputStream(png.toByteArray()));
                String path = part + "/c" + label + "/" + i + ".png";
                out.add(new DatasetManifest.Entry(path, "c" + label, blob.sha256(), blob.bytes(), 28, 28, part, path));
            }
        }
    }

    static DataInputStream gz(String name) throws IOException {
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(
                Files.newInputStream(DIR.resolve(name)))));
    }

    /** The work queue played in-process: requests kept for the loop, every other event dropped. */
    record QueueEvents(List<TrainingRequested> queue) implements TrainingEvents {

        static CompletionStage<Void> done() {
            return CompletableFuture.completedFuture(null);
        }

        public CompletionStage<Void> requested(TrainingRequested e) {
            queue.add(e);
            return done();
        }

        public CompletionStage<Void> started(TrainingStarted e) {
            return done();
        }

        public CompletionStage<Void> epoch(TrainingEpoch e) {
            return done();
        }

        public CompletionStage<Void> completed(TrainingCompleted e) {
            return done();
        }

        public CompletionStage<Void> failed(TrainingFailed e) {
            return done();
        }

        public CompletionStage<Void> promoted(ModelPromoted e) {
            return done();
        }

        public CompletionStage<Void> cancelled(TrainingCancelled e) {
            return done();
        }

        public CompletionStage<Void> deleted(ModelDeleted e) {
            return done();
        }
    }
}
