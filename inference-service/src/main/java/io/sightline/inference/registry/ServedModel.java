package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.vision.Classifier;
import io.sightline.vision.ImagePreprocessor;
import io.sightline.vision.ImageSignature;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version. Reference counted: the registry holds one reference while the version
 * serves, every request holds one through a {@link ModelLease}. The native model is closed when the
 * count reaches zero, that is after the registry has retired the version AND the last request using it
 * has finished. Closing earlier would free native memory a running forward pass still reads.
 */
public final class ServedModel {

    private final ModelPromoted promotion;
    private final Classifier classifier;
    private final ImagePreprocessor preprocessor;
    private final Instant loadedAt;
    /** 1 = the registry's own reference; 0 = closed, never to be used again. */
    private final AtomicInteger references = new AtomicInteger(1);

    ServedModel(ModelPromoted promotion, Classifier classifier, long maxPixels, Instant loadedAt) {
        this.promotion = promotion;
        this.classifier = classifier;
        this.preprocessor = new ImagePreprocessor(classifier.signature(), maxPixels);
        this.loadedAt = loadedAt;
    }

    public String model() {
        return promotion.model();
    }

    public String version() {
        return promotion.version();
    }

    /** The promotion this version was loaded for. */
    public ModelPromoted promotion() {
        return promotion;
    }

    public Classifier classifier() {
        return classifier;
    }

    public ImageSignature signature() {
        return classifier.signature();
    }

    /** Decodes with this service's pixel limit and preprocesses by this version's signature. */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Whether the native model has been released (no lease is left and the version was retired). */
    public boolean isClosed() {
        return references.get() <= 0;
    }

    /** Whether this is the same artefact a promotion names (a re-promotion of it changes nothing). */
    boolean serves(ModelPromoted other) {
        return promotion.version().equals(other.version()) && promotion.artifactKey().equals(other.artifactKey());
    }

    /** Takes a reference unless the version is already closed. */
    boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Whether a request holds it now (a reference besides the registry's own). */
    boolean leased() {
        return references.get() > 1;
    }

    /** Drops a reference; the last one closes the native model. */
    void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            classifier.close();
        } else if (left < 0) {
            throw new IllegalStateException("released more often than retained: " + model() + " " + version());
        }
    }

    @Override
    public String toString() {
        return model() + ":" + version();
    }
}
