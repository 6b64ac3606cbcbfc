package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest {

    @TempDir
    Path root;

    @Test
    void blobsAreAddressedByTheirSha256AndWrittenOnce() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);
        byte[] content = "a picture".getBytes(StandardCharsets.UTF_8);

        BlobRef first = store.putBlob(new ByteArrayInputStream(content));
        BlobRef again = store.putBlob(new ByteArrayInputStream(content));

        assertThat(first.sha256()).isEqualTo(Sha256.of(content)).hasSize(64);
        assertThat(first.bytes()).isEqualTo(content.length);
        assertThat(again).isEqualTo(first);
        assertThat(store.openBlob(first.sha256()).readAllBytes()).isEqualTo(content);
        assertThat(store.localBlob(first.sha256())).hasValueSatisfying(p -> assertThat(p).isRegularFile());
        try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void aPublicationIsInvisibleUntilCommitted() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);

        try (Publication pub = store.publish("datasets/cats/1")) {
            Files.writeString(pub.directory().resolve("manifest.json"), "{}");
            assertThat(store.exists("datasets/cats/1")).isFalse();
            pub.commit();
        }

        assertThat(store.read("datasets/cats/1/manifest.json")).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(store.list("datasets/cats")).containsExactly("1");
    }

    @Test
    void anAbandonedPublicationLeavesNothingBehind() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);

        try (Publication pub = store.publish("models/m/1")) {
            Files.writeString(pub.directory().resolve("model.params"), "half");
        }

        assertThat(store.exists("models/m/1")).isFalse();
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void aPublishedFolderIsNeverOverwritten() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);
        try (Publication first = store.publish("models/m/1"); Publication second = store.publish("models/m/1")) {
            Files.writeString(first.directory().resolve("a"), "first");
            Files.writeString(second.directory().resolve("a"), "second");
            first.commit();

            assertThatThrownBy(second::commit).isInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(store.read("models/m/1/a")).asString(StandardCharsets.UTF_8).isEqualTo("first");
        assertThatThrownBy(() -> store.publish("models/m/1")).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void createIfAbsentWritesOnceAndOfManyRacersExactlyOneWins() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);

        assertThat(store.createIfAbsent("checkpoints/j/lease/1.json", first)).isTrue();
        assertThat(store.createIfAbsent("checkpoints/j/lease/1.json", "second".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(store.read("checkpoints/j/lease/1.json")).isEqualTo(first);

        for (int round = 0; round < 5; round++) {
            String key = "checkpoints/j/lease/race-" + round + ".json";
            List<String> winners = CreateRace.winners(store, key, 8);
            assertThat(winners).hasSize(1);
            assertThat(new String(store.read(key), StandardCharsets.UTF_8)).isEqualTo(winners.get(0));
        }
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void keysCannotLeaveTheStore() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);

        for (String key : List.of("../x", "/etc/passwd", "a/../../x", "")) {
            assertThatThrownBy(() -> store.read(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.openBlob("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openPicksTheBackendFromTheUri() throws Exception {
        assertThat(ArtifactStore.connect(root.toUri())).isInstanceOf(FileArtifactStore.class);
        assertThat(ArtifactStore.connect("file:" + root)).isInstanceOf(FileArtifactStore.class);
        assertThatThrownBy(() -> ArtifactStore.connect("ftp://x/y")).hasMessageContaining("unsupported");
    }

    @Test
    void manifestDigestDependsOnContentOnly() {
        var a = new DatasetManifest.Entry("cats/1.png", "cats", "aa", 3, 1, 1, "train", "aa");
        var b = new DatasetManifest.Entry("dogs/1.png", "dogs", "bb", 3, 1, 1, "test", "bb");
        var bMoved = new DatasetManifest.Entry("dogs/1.png", "dogs", "bb", 3, 1, 1, "train", "bb");

        assertThat(DatasetManifest.digestOf(List.of(a, b))).isEqualTo(DatasetManifest.digestOf(List.of(b, a)));
        assertThat(DatasetManifest.digestOf(List.of(a, b))).isNotEqualTo(DatasetManifest.digestOf(List.of(a, bMoved)));
        assertThat(StoreKeys.isValidName("gtsrb-v2_1.0")).isTrue();
        assertThat(StoreKeys.isValidName("../x")).isFalse();
        assertThat(StoreKeys.isValidName(".hidden")).isFalse();
    }
}
