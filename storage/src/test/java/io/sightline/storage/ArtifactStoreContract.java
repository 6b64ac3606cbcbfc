package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every artefact store does, whatever its backend: {@link FileArtifactStoreTest} and {@link
 * S3ArtifactStoreTest} run it, each on a fresh empty store per test, and add what only their backend does.
 */
abstract class ArtifactStoreContract {

    /** The store under test: empty at the start of each test. */
    abstract ArtifactStore store();

    /** Checks that the backend's own staging holds nothing once every writer is done; nothing to check by default. */
    void assertNothingStaged() throws Exception {
    }

    @Test
    void blobsAreAddressedByTheirSha256AndWrittenOnce() throws Exception {
        byte[] content = "a picture".getBytes(StandardCharsets.UTF_8);

        BlobRef first = store().putBlob(new ByteArrayInputStream(content));
        BlobRef again = store().putBlob(new ByteArrayInputStream(content));

        assertThat(first.sha256()).isEqualTo(Sha256.of(content)).hasSize(64);
        assertThat(first.bytes()).isEqualTo(content.length);
        assertThat(again).isEqualTo(first);
        assertThat(store().hasBlob(first.sha256())).isTrue();
        assertThat(store().hasBlob(Sha256.of(new byte[]{1}))).isFalse();
        try (InputStream in = store().openBlob(first.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertNothingStaged();
    }

    @Test
    void aBlobBatchMakesItsBlobsReadable() throws Exception {
        BlobRef ref;
        try (BlobBatch batch = store().newBlobBatch()) {
            ref = batch.put(new ByteArrayInputStream("in a batch".getBytes(StandardCharsets.UTF_8)));
            batch.put(new ByteArrayInputStream("in a batch".getBytes(StandardCharsets.UTF_8)));
            batch.commit();
        }

        assertThat(store().hasBlob(ref.sha256())).isTrue();
        try (InputStream in = store().openBlob(ref.sha256())) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("in a batch");
        }
    }

    @Test
    void aCheckOfBlobsNamesOnlyTheMissingAndTheModified() throws Exception {
        List<BlobRef> stored = new java.util.ArrayList<>();
        try (BlobBatch batch = store().newBlobBatch()) {
            for (int i = 0; i < 20; i++) {
                stored.add(batch.put(("picture " + i).getBytes(StandardCharsets.UTF_8)));
            }
            batch.commit();
        }
        BlobRef loose = store().putBlob(new ByteArrayInputStream(new byte[3000]));
        BlobRef missing = new BlobRef(Sha256.of(new byte[]{42}), 1);
        BlobRef wrongSize = new BlobRef(stored.get(7).sha256(), stored.get(7).bytes() + 1);
        List<BlobRef> asked = new java.util.ArrayList<>(stored);
        asked.add(loose);
        asked.add(missing);
        asked.add(new BlobRef("not a digest", 1));

        assertThat(store().damagedBlobs(asked)).isEqualTo(java.util.Map.of(
                missing.sha256(), BlobDamage.MISSING, "not a digest", BlobDamage.MISSING));
        assertThat(store().damagedBlobs(List.of(wrongSize, stored.get(8))))
                .isEqualTo(java.util.Map.of(wrongSize.sha256(), BlobDamage.MODIFIED));
        assertThat(store().damagedBlobs(List.of())).isEmpty();
    }

    @Test
    void aPublicationIsInvisibleUntilCommittedAndThenWhole() throws Exception {
        try (Publication pub = store().publish("datasets/cats/1")) {
            assertThat(pub.key()).isEqualTo("datasets/cats/1");
            Files.writeString(pub.directory().resolve("manifest.json"), "{}");
            Files.createDirectories(pub.directory().resolve("tree/train"));
            Files.writeString(pub.directory().resolve("tree/train/a.txt"), "a");
            assertThat(store().exists("datasets/cats/1")).isFalse();
            assertThat(store().list("datasets/cats")).isEmpty();
            pub.commit();
        }

        assertThat(store().exists("datasets/cats/1")).isTrue();
        assertThat(store().list("datasets/cats")).containsExactly("1");
        assertThat(store().list("datasets")).containsExactly("cats");
        assertThat(store().read("datasets/cats/1/manifest.json")).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        Path local = store().localFolder("datasets/cats/1");
        assertThat(local.resolve("tree/train/a.txt")).hasContent("a");
    }

    @Test
    void aDeletedFolderIsGoneWholeAndItsBytesCounted() throws Exception {
        try (Publication pub = store().publish("models/m/1")) {
            Files.writeString(pub.directory().resolve("model.params"), "12345");
            Files.writeString(pub.directory().resolve("metrics.json"), "{}");
            pub.commit();
        }
        store().write("models/m/champion.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        store().localFolder("models/m/1");

        assertThat(store().delete("models/m/1")).isGreaterThanOrEqualTo(7);
        assertThat(store().delete("models/m/champion.json")).isEqualTo(7);

        assertThat(store().exists("models/m/1")).isFalse();
        assertThat(store().exists("models/m/champion.json")).isFalse();
        assertThat(store().list("models/m")).isEmpty();
        assertThatThrownBy(() -> store().localFolder("models/m/1")).isInstanceOf(NoSuchFileException.class);
        assertThat(store().delete("models/m/1")).isZero();
        assertNothingStaged();
    }

    @Test
    void anAbandonedPublicationLeavesNothingBehind() throws Exception {
        Path staging;
        try (Publication pub = store().publish("models/m/1")) {
            staging = pub.directory();
            Files.writeString(staging.resolve("model.params"), "half");
        }

        assertThat(store().exists("models/m/1")).isFalse();
        assertThat(store().list("models/m")).isEmpty();
        assertThat(staging).doesNotExist();
        assertNothingStaged();
    }

    @Test
    void aPublishedFolderIsNeverOverwritten() throws Exception {
        try (Publication first = store().publish("models/m/1"); Publication second = store().publish("models/m/1")) {
            Files.writeString(first.directory().resolve("a"), "first");
            Files.writeString(second.directory().resolve("a"), "second");
            first.commit();

            assertThatThrownBy(second::commit).isInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(store().read("models/m/1/a")).asString(StandardCharsets.UTF_8).isEqualTo("first");
        assertThatThrownBy(() -> store().publish("models/m/1")).isInstanceOf(FileAlreadyExistsException.class);
        assertNothingStaged();
    }

    @Test
    void smallFilesAreWrittenInPlaceAndListed() throws Exception {
        store().write("models/m/champion.json", "{\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        store().write("models/m/champion.json", "{\"version\":\"2\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(store().exists("models/m/champion.json")).isTrue();
        assertThat(store().read("models/m/champion.json")).asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"version\":\"2\"}");
        assertThat(store().list("models/m")).containsExactly("champion.json");
        assertThatThrownBy(() -> store().read("models/m/nope.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void createIfAbsentWritesOnceAndOfManyRacersExactlyOneWins() throws Exception {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);

        assertThat(store().createIfAbsent("checkpoints/j/lease/1.json", first)).isTrue();
        assertThat(store().createIfAbsent("checkpoints/j/lease/1.json", "second".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(store().read("checkpoints/j/lease/1.json")).isEqualTo(first);

        for (int round = 0; round < 5; round++) {
            String key = "checkpoints/j/lease/race-" + round + ".json";
            List<String> winners = CreateRace.winners(store(), key, 8);
            assertThat(winners).hasSize(1);
            assertThat(new String(store().read(key), StandardCharsets.UTF_8)).isEqualTo(winners.get(0));
        }
        assertNothingStaged();
    }

    @Test
    void keysCannotLeaveTheStore() {
        for (String key : List.of("../x", "/etc/passwd", "/x", "a/../../x", "")) {
            assertThatThrownBy(() -> store().read(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store().openBlob("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().openBlob("../../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
