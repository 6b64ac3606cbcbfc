package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the file store, and what only the file store does: loose blob files, its {@code tmp/}. */
class FileArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path root;

    ArtifactStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = new FileArtifactStore(root);
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    /** Every writer staged in {@code tmp/} and renamed or deleted what it staged. */
    @Override
    void assertNothingStaged() {
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void aBlobIsOneLooseFileThatCanBeLinked() throws Exception {
        byte[] content = "a picture".getBytes(StandardCharsets.UTF_8);

        BlobRef first = store.putBlob(new ByteArrayInputStream(content));
        store.putBlob(new ByteArrayInputStream(content));

        assertThat(store.localBlob(first.sha256())).hasValueSatisfying(p -> assertThat(p).isRegularFile());
        try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
        assertNothingStaged();
    }

    @Test
    void openPicksTheBackendFromTheUri() throws Exception {
        assertThat(ArtifactStore.connect(root.toUri())).isInstanceOf(FileArtifactStore.class);
        assertThat(ArtifactStore.connect("file:" + root)).isInstanceOf(FileArtifactStore.class);
        assertThatThrownBy(() -> ArtifactStore.connect("ftp://x/y")).hasMessageContaining("unsupported");
    }
}
