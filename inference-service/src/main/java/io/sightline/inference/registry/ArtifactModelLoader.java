package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.storage.ArtifactStore;
import io.sightline.vision.Classifier;
import io.sightline.vision.ModelArtifact;
import java.nio.file.Path;

/** Loads model versions from the artefact store: the promotion's {@code artifactKey} names the folder. */
public final class ArtifactModelLoader implements ModelLoader {

    private final ArtifactStore store;

    public ArtifactModelLoader(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public Classifier load(ModelPromoted promotion) throws Exception {
        // a remote store downloads the folder first; the file store hands out its own folder
        Path dir = store.localFolder(promotion.artifactKey());
        return ModelArtifact.load(dir);
    }
}
