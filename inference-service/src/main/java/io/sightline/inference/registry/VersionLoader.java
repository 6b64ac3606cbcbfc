package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.vision.Classifier;
import io.sightline.vision.ImageSignature;
import java.time.Clock;
import java.util.Collections;
import java.util.List;

/**
 * Turns a promotion into a {@link ServedModel} ready to swap in: loads it, checks that its outputs match
 * its signature, warms it up. Whatever fails on the way, the half-loaded native model is closed.
 */
final class VersionLoader {

    private final ModelLoader loader;
    private final int warmups;
    private final int warmupBatch;
    private final long maxPixels;
    private final Clock clock;

    /**
     * @param warmups     inferences on an all-zero input after loading, before the version serves
     * @param warmupBatch above 1, one more warm-up pass of that many rows, so that the first full batch
     *                    after a swap is not the one that pays for PyTorch's first run at that shape
     * @param maxPixels   largest image (width × height) requests may send to the models
     * @param clock       time of loads and failures
     */
    VersionLoader(ModelLoader loader, int warmups, int warmupBatch, long maxPixels, Clock clock) {
        if (warmups < 0 || warmupBatch < 1) {
            throw new IllegalArgumentException("warm-up count must not be negative, got " + warmups);
        }
        this.loader = loader;
        this.warmups = warmups;
        this.warmupBatch = warmupBatch;
        this.maxPixels = maxPixels;
        this.clock = clock;
    }

    /** Loads and warms up the version a promotion names; the caller owns the result. */
    ServedModel load(ModelPromoted promotion) throws Exception {
        Classifier classifier = loader.load(promotion);
        try {
            warmUp(classifier);
            return new ServedModel(promotion, classifier, maxPixels, clock.instant());
        } catch (Exception | Error e) {
            classifier.close();
            throw e;
        }
    }

    /** A failed load of a version, as the status reports it. */
    LoadFailure failure(String version, Throwable cause) {
        return new LoadFailure(version, cause.toString(), clock.instant());
    }

    /**
     * Checks that outputs and class names agree, then runs the warm-up inferences. The check matters:
     * {@link Classifier#probabilities} slices the output by the signature's class count, so a model with
     * more outputs than classes would answer with rows that are silently wrong.
     */
    private void warmUp(Classifier classifier) {
        ImageSignature signature = classifier.signature();
        int outputs = classifier.architecture().classes();
        if (outputs != signature.classes().size()) {
            throw new IllegalStateException("the model gives " + outputs + " scores but its signature names "
                    + signature.classes().size() + " classes");
        }
        List<float[]> zeros = List.of(new float[signature.inputSize()]);
        for (int i = 0; i < warmups; i++) {
            float sum = 0;
            for (float p : classifier.probabilities(zeros)[0]) {
                sum += p;
            }
            if (Math.abs(sum - 1f) > 1e-3f) {
                throw new IllegalStateException("the model's probabilities sum to " + sum + ", not 1: its output"
                        + " does not match the " + signature.classes().size() + " classes of its signature");
            }
        }
        if (warmups > 0 && warmupBatch > 1) {
            classifier.probabilities(Collections.nCopies(warmupBatch, zeros.get(0)));
        }
    }
}
