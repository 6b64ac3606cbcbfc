package io.sightline.kit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.S3ArtifactStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's URI alone chooses the backend; no server is contacted to open an S3 store. */
class StoreProducerTest {

    @TempDir
    Path folder;

    @Test
    void aFileUriOpensAFolderThatWorks() throws Exception {
        ArtifactStore store = StoreProducer.open(() -> folder.toUri().toString());

        assertThat(store).isInstanceOf(FileArtifactStore.class);
        store.write("probe/a.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(folder.resolve("probe/a.json"))).isEqualTo("{}");
    }

    @Test
    void aFolderThatDoesNotExistYetIsCreated() throws Exception {
        Path missing = folder.resolve("not/yet");

        ArtifactStore store = StoreProducer.open(() -> "file:" + missing);

        assertThat(store).isInstanceOf(FileArtifactStore.class);
        assertThat(missing).isDirectory();
    }

    @Test
    void anS3UriOpensTheBucketWithoutItsOptions() throws Exception {
        ArtifactStore store = StoreProducer.open(
                () -> "s3://sightline-test/some/prefix?endpoint=http://127.0.0.1:9&region=eu-west-1");

        assertThat(store).isInstanceOf(S3ArtifactStore.class);
        assertThat(store.uri()).isEqualTo(URI.create("s3://sightline-test/some/prefix"));
        ((S3ArtifactStore) store).close();
    }

    @Test
    void anotherSchemeIsRefused() {
        assertThatThrownBy(() -> StoreProducer.open(() -> "ftp://host/store"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file:/path or s3://bucket/prefix");
    }
}
