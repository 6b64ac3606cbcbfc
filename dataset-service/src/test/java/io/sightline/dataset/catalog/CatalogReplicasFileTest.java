package io.sightline.dataset.catalog;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Two catalogs on one file store. */
class CatalogReplicasFileTest extends CatalogReplicasContract {

    @TempDir
    Path dir;

    ArtifactStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = new FileArtifactStore(dir);
    }

    @Override
    ArtifactStore store() {
        return store;
    }
}
