package io.sightline.trainer.registry;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The version claims on the file store, whose publish rename also refuses an existing folder. */
class VersionClaimRaceFileTest extends VersionClaimRaceContract {

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

    @Override
    boolean uploadsInPlace() {
        return false;
    }
}
