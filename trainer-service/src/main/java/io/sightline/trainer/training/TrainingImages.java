package io.sightline.trainer.training;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.vision.ImagePreprocessor;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * A dataset version's images, decoded and preprocessed once and held in memory for every epoch when they fit
 * the memory budget; otherwise read and preprocessed again whenever a batch needs them.
 *
 * @param manifest         the dataset version
 * @param signature        what the model will take: input size, normalisation, class names
 * @param train            the training split
 * @param validation       the validation split (may be empty)
 * @param test             the test split
 * @param preprocessingMs  wall time of reading and preprocessing every image (0 when not cached)
 * @param cached           whether the preprocessed images are held in memory
 * @param tensorBytes      bytes the preprocessed images of all splits take
 */
public record TrainingImages(DatasetManifest manifest, ImageSignature signature, SplitImages train,
                             SplitImages validation, SplitImages test, long preprocessingMs, boolean cached,
                             long tensorBytes) {

    /** No limit: cache whatever the dataset holds. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    public TrainingImages(DatasetManifest manifest, ImageSignature signature, SplitImages train,
                          SplitImages validation, SplitImages test, long preprocessingMs) {
        this(manifest, signature, train, validation, test, preprocessingMs, true,
                4L * train.inputSize() * (train.count() + validation.count() + test.count()));
    }

    /** Loads with RGB input of {@code imageSize}, normalised to [-1, 1], cached whatever the size. */
    public static TrainingImages load(ArtifactStore store, DatasetManifest manifest, int imageSize)
            throws TrainingFailure {
        requireClasses(manifest);
        return load(store, manifest, ImageSignature.rgb(imageSize, manifest.classes()), UNLIMITED);
    }

    /**
     * Reads and preprocesses every image of a dataset version when their tensors fit {@code cacheBudgetBytes}
     * (each blob is decoded once, even when the manifest lists it more than once); otherwise prepares to read
     * them batch by batch.
     *
     * @param signature        what the model takes: the images are resized and normalised to it; its class names are
     *                         replaced by the manifest's (none when the manifest has none)
     * @param cacheBudgetBytes most memory the preprocessed images may take
     * @throws TrainingFailure when the version cannot train a classifier (fewer than two classes, no
     *                         training or test images) or an image is missing or unreadable
     */
    public static TrainingImages load(ArtifactStore store, DatasetManifest manifest, ImageSignature signature,
                                      long cacheBudgetBytes) throws TrainingFailure {
        String name = "dataset " + manifest.dataset() + " version " + manifest.version();
        requireClasses(manifest);
        signature = signature.withNames(namesOf(manifest, signature.classes()));
        long start = System.nanoTime();
        ImagePreprocessor preprocessor = new ImagePreprocessor(signature);
        long tensorBytes = 4L * signature.inputSize() * manifest.entries().size();
        boolean cache = tensorBytes <= cacheBudgetBytes
                && (long) signature.inputSize() * manifest.entries().size() < Integer.MAX_VALUE;
        Map<String, float[]> decoded = new ConcurrentHashMap<>();
        SplitImages train = load(store, manifest, DatasetManifest.TRAIN, preprocessor, decoded, cache);
        SplitImages validation = load(store, manifest, DatasetManifest.VALIDATION, preprocessor, decoded, cache);
        SplitImages test = load(store, manifest, DatasetManifest.TEST, preprocessor, decoded, cache);
        if (train.isEmpty()) {
            throw new TrainingFailure(name + " has no training images; import it again with more images per class");
        }
        if (test.isEmpty()) {
            throw new TrainingFailure(name + " has no test images, so the model cannot be evaluated;"
                    + " import it again with a testRatio above 0");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new TrainingImages(manifest, signature, train, validation, test, ms, cache, tensorBytes);
    }

    /**
     * The test split preprocessed for another signature (re-measuring a champion with another input size or
     * normalisation); the cached split itself when the signature is the same.
     */
    public SplitImages testFor(ArtifactStore store, ImageSignature other) throws TrainingFailure {
        if (other.width() == signature.width() && other.height() == signature.height()
                && other.channels() == signature.channels() && other.mean().equals(signature.mean())
                && other.std().equals(signature.std())) {
            return test;
        }
        return load(store, manifest, DatasetManifest.TEST, new ImagePreprocessor(other), new ConcurrentHashMap<>(),
                cached);
    }

    /**
     * The display name of each class as the manifest gives it (the class id for a class its names file leaves out);
     * null when the manifest has no names, so that a model never claims names its dataset did not give.
     */
    static List<String> namesOf(DatasetManifest manifest, List<String> classes) {
        return manifest.classNames() == null ? null : classes.stream().map(manifest::displayName).toList();
    }

    private static void requireClasses(DatasetManifest manifest) throws TrainingFailure {
        if (manifest.classes() == null || manifest.classes().size() < 2) {
            throw new TrainingFailure("dataset " + manifest.dataset() + " version " + manifest.version() + " has "
                    + (manifest.classes() == null ? 0 : manifest.classes().size())
                    + " class(es); a classifier needs at least 2 class folders");
        }
    }

    private static SplitImages load(ArtifactStore store, DatasetManifest manifest, String split,
                                    ImagePreprocessor preprocessor, Map<String, float[]> decoded, boolean cache)
            throws TrainingFailure {
        List<DatasetManifest.Entry> entries = manifest.entries(split);
        int size = preprocessor.signature().inputSize();
        if (!cache) {
            int[] labels = new int[entries.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = labelOf(manifest, entries.get(i));
            }
            return new SplitImages(split, entries.size(), size, null, labels,
                    i -> decode(preprocessor, manifest, entries.get(i), read(store, manifest, entries.get(i))));
        }
        float[] pixels = new float[Math.multiplyExact(entries.size(), size)];
        int[] labels = new int[entries.size()];
        AtomicReference<TrainingFailure> failure = new AtomicReference<>();
        // decoding is CPU-bound and independent per image: use every core; each image has its own slot,
        // so the order (and with it the training run) does not depend on scheduling
        IntStream.range(0, entries.size()).parallel().forEach(i -> {
            if (failure.get() != null) {
                return;
            }
            DatasetManifest.Entry entry = entries.get(i);
            try {
                labels[i] = labelOf(manifest, entry);
                float[] image = decoded.get(entry.sha256());
                if (image == null) {
                    image = decode(preprocessor, manifest, entry, read(store, manifest, entry));
                    decoded.put(entry.sha256(), image);
                }
                System.arraycopy(image, 0, pixels, i * size, size);
            } catch (TrainingFailure e) {
                failure.compareAndSet(null, e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return new SplitImages(split, entries.size(), size, pixels, labels);
    }

    private static int labelOf(DatasetManifest manifest, DatasetManifest.Entry entry) throws TrainingFailure {
        int label = manifest.classes().indexOf(entry.className());
        if (label < 0) {
            throw new TrainingFailure("image " + entry.path() + " of dataset " + manifest.dataset() + " version "
                    + manifest.version() + " has class " + entry.className() + ", which the manifest does not list;"
                    + " the manifest is inconsistent: import the dataset again");
        }
        return label;
    }

    private static byte[] read(ArtifactStore store, DatasetManifest manifest, DatasetManifest.Entry entry)
            throws TrainingFailure {
        try (InputStream in = store.openBlob(entry.sha256())) {
            return in.readAllBytes();
        } catch (IOException | IllegalArgumentException e) {
            throw new TrainingFailure("image " + entry.path() + " of dataset " + manifest.dataset() + " version "
                    + manifest.version() + " (blob " + entry.sha256() + ") cannot be read from the store "
                    + store.uri() + ": " + e + "; import the dataset again", e);
        }
    }

    private static float[] decode(ImagePreprocessor preprocessor, DatasetManifest manifest, DatasetManifest.Entry entry,
                                  byte[] bytes) throws TrainingFailure {
        try {
            return preprocessor.preprocess(bytes);
        } catch (InvalidImageException e) {
            throw new TrainingFailure("image " + entry.path() + " of dataset " + manifest.dataset() + " version "
                    + manifest.version() + " (blob " + entry.sha256() + ") is not a readable image: "
                    + e.getMessage() + "; remove or replace it and import the dataset again", e);
        }
    }
}
