package io.sightline.trainer.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedDatasetsTest {

    @TempDir
    Path root;

    @Test
    void aTombstonedVersionIsNotReadyToTrainOn() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root);
        for (String version : new String[] {"1", "2"}) {
            try (Publication pub = store.publish(StoreKeys.datasetVersion("pets", version))) {
                Files.writeString(pub.directory().resolve(StoreKeys.MANIFEST), "{\"dataset\":\"pets\",\"version\":\""
                        + version + "\",\"entries\":[]}");
                pub.commit();
            }
        }
        store.write(StoreKeys.tombstone("pets", "2"), "{}".getBytes(StandardCharsets.UTF_8));
        PublishedDatasets datasets = new PublishedDatasets(store);

        assertThat(datasets.versions("pets")).containsExactly("1");
        assertThat(datasets.latestVersion("pets")).contains("1");
        assertThat(datasets.manifest("pets", "2")).isEmpty();
        assertThat(datasets.manifest("pets", "1")).isPresent();
    }
}
