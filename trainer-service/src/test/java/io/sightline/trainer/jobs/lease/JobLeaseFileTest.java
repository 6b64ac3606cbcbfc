package io.sightline.trainer.jobs.lease;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The job lease on the file store (hard links make its claims atomic). */
class JobLeaseFileTest extends JobLeaseContract {

    @TempDir
    Path storeDir;

    ArtifactStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = new FileArtifactStore(storeDir);
    }

    @Override
    ArtifactStore store() {
        return store;
    }
}
