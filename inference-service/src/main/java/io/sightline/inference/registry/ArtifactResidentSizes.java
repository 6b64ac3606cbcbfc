package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.storage.ArtifactStore;
import io.sightline.vision.ModelArtifact;
import java.nio.file.Files;

/**
 * A version's resident size from its artefact: the parameters file × a factor. The factor covers what loading adds
 * to the weights (the native runtime's copies and buffers, warm-up activations); the default 1.5 is a starting
 * guess, not a measurement (decision 104): compare the pod's memory with the resident bytes metric and adjust it.
 * Reading the folder first costs nothing more: the load that follows reads the same local copy (the file store's
 * own folder, or the S3 store's cache).
 */
public final class ArtifactResidentSizes implements ResidentSizes {

    private final ArtifactStore store;
    private final double factor;

    public ArtifactResidentSizes(ArtifactStore store, double factor) {
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("the resident size factor must be at least 1, got " + factor);
        }
        this.store = store;
        this.factor = factor;
    }

    @Override
    public long bytes(ModelPromoted promotion) throws Exception {
        long params = Files.size(store.localFolder(promotion.artifactKey()).resolve(ModelArtifact.PARAMS));
        return (long) Math.ceil(params * factor);
    }
}
