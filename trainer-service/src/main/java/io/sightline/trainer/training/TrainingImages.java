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
 * A dataset version's images, decoded and preprocessed once, held in memory for every epoch.
 *
 * @param manifest         the dataset version
 * @param signature        what the model will take: input size, normalisation, class names
 * @param train            the training split
 * @param validation       the validation split (may be empty)
 * @param test             the test split
 * @param preprocessingMs  wall time of reading and preprocessing every image
 */
public record TrainingImages(DatasetManifest manifest, ImageSignature signature, SplitImages train,
                             SplitImages validation, SplitImages test, long preprocessingMs) {

    /**
     * Reads and preprocesses every image of a dataset version. Each blob is decoded once, even when the
     * manifest lists it more than once.
     *
     * @param imageSize square input side of the model
     * @throws TrainingFailure when the version cannot train a classifier (fewer than two classes, no
     *                         training or test images) or an image is missing or unreadable
     */
    public static TrainingImages load(ArtifactStore store, DatasetManifest manifest, int imageSize)
            throws TrainingFailure {
        String name = "dataset " + manifest.dataset() + " version " + manifest.version();
        if (manifest.classes() == null || manifest.classes().size() < 2) {
            throw new TrainingFailure(name + " has " + (manifest.classes() == null ? 0 : manifest.classes().size())
                    + " class(es); a classifier needs at least 2 class folders");
        }
        long start = System.nanoTime();
        ImageSignature signature = ImageSignature.rgb(imageSize, manifest.classes());
        ImagePreprocessor preprocessor = new ImagePreprocessor(signature);
        Map<String, float[]> decoded = new ConcurrentHashMap<>();
        SplitImages train = load(store, manifest, DatasetManifest.TRAIN, preprocessor, decoded);
        SplitImages validation = load(store, manifest, DatasetManifest.VALIDATION, preprocessor, decoded);
        SplitImages test = load(store, manifest, DatasetManifest.TEST, preprocessor, decoded);
        if (train.isEmpty()) {
            throw new TrainingFailure(name + " has no training images; import it again with more images per class");
        }
        if (test.isEmpty()) {
            throw new TrainingFailure(name + " has no test images, so the model cannot be evaluated;"
                    + " import it again with a testRatio above 0");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new TrainingImages(manifest, signature, train, validation, test, ms);
    }

    private static SplitImages load(ArtifactStore store, DatasetManifest manifest, String split,
                                    ImagePreprocessor preprocessor, Map<String, float[]> decoded)
            throws TrainingFailure {
        List<DatasetManifest.Entry> entries = manifest.entries(split);
        int size = preprocessor.signature().inputSize();
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
