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
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 backend against a real S3 server (s3proxy). */
class S3ArtifactStoreTest {

    @TempDir
    static Path serverDir;

    static S3Proxy server;
    static int buckets;

    ArtifactStore store;
    String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Proxy.start(serverDir);
        // the AWS default credential chain reads these system properties
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Proxy.SECRET_KEY);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void freshBucket() throws Exception {
        bucket = "store" + (++buckets);
        server.createBucket(bucket);
        store = ArtifactStore.connect("s3://" + bucket + "/sightline?endpoint=" + server.endpoint());
    }

    @Test
    void blobsAreAddressedByTheirSha256AndWrittenOnce() throws Exception {
        byte[] content = "a picture".getBytes(StandardCharsets.UTF_8);

        BlobRef first = store.putBlob(new ByteArrayInputStream(content));
        BlobRef again = store.putBlob(new ByteArrayInputStream(content));

        assertThat(first).isEqualTo(again);
        assertThat(first.sha256()).isEqualTo(Sha256.of(content));
        assertThat(store.hasBlob(first.sha256())).isTrue();
        assertThat(store.hasBlob(Sha256.of(new byte[]{1}))).isFalse();
        try (InputStream in = store.openBlob(first.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        try (S3Client s3 = server.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
                    .extracting(o -> o.key())
                    .containsExactly("sightline/blobs/" + first.sha256().substring(0, 2) + "/" + first.sha256());
        }
    }

    @Test
    void aBlobBatchStoresEachBlobAsItsOwnObject() throws Exception {
        BlobRef ref;
        try (BlobBatch batch = store.newBlobBatch()) {
            ref = batch.put(new ByteArrayInputStream("in a batch".getBytes(StandardCharsets.UTF_8)));
            batch.put(new ByteArrayInputStream("in a batch".getBytes(StandardCharsets.UTF_8)));
            batch.commit();
        }

        assertThat(store.hasBlob(ref.sha256())).isTrue();
        try (InputStream in = store.openBlob(ref.sha256())) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("in a batch");
        }
        try (S3Client s3 = server.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                    .containsExactly("sightline/blobs/" + ref.sha256().substring(0, 2) + "/" + ref.sha256());
        }
    }

    @Test
    void bigBlobsGoUpInPartsAndComeBackWhole() throws Exception {
        byte[] big = new byte[(int) S3ArtifactStore.MULTIPART_THRESHOLD + 3 * 1024 * 1024];
        new Random(1).nextBytes(big);

        BlobRef ref = store.putBlob(new ByteArrayInputStream(big));

        assertThat(ref.bytes()).isEqualTo(big.length);
        try (InputStream in = store.openBlob(ref.sha256())) {
            assertThat(Sha256.of(in)).isEqualTo(Sha256.of(big));
        }
    }

    @Test
    void aPublicationIsInvisibleUntilCommittedAndThenWhole() throws Exception {
        try (Publication pub = store.publish("datasets/cats/1")) {
            Files.writeString(pub.directory().resolve("manifest.json"), "{}");
            Files.createDirectories(pub.directory().resolve("tree/train"));
            Files.writeString(pub.directory().resolve("tree/train/a.txt"), "a");
            assertThat(store.exists("datasets/cats/1")).isFalse();
            assertThat(store.list("datasets/cats")).isEmpty();
            pub.commit();
        }

        assertThat(store.exists("datasets/cats/1")).isTrue();
        assertThat(store.list("datasets/cats")).containsExactly("1");
        assertThat(store.list("datasets")).containsExactly("cats");
        assertThat(store.read("datasets/cats/1/manifest.json")).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        Path local = store.localFolder("datasets/cats/1");
        assertThat(local.resolve("tree/train/a.txt")).hasContent("a");
    }

    @Test
    void anUploadThatCrashedBeforeItsMarkerStaysInvisible() throws Exception {
        try (S3Client s3 = server.client()) {
            // what a writer killed mid-commit leaves behind: content, no marker
            s3.putObject(b -> b.bucket(bucket).key("sightline/models/m/7/model.params"), RequestBody.fromString("half"));
        }

        assertThat(store.exists("models/m/7")).isFalse();
        assertThat(store.list("models/m")).isEmpty();
        assertThat(store.list("models")).isEmpty();
        assertThatThrownBy(() -> store.localFolder("models/m/7")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aPublishedFolderIsNeverOverwritten() throws Exception {
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
    void smallFilesAreWrittenInPlaceAndListed() throws Exception {
        store.write("models/m/champion.json", "{\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(store.exists("models/m/champion.json")).isTrue();
        assertThat(store.list("models/m")).containsExactly("champion.json");
        assertThatThrownBy(() -> store.read("models/m/nope.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void createIfAbsentWritesOnceAndOfManyRacersExactlyOneWins() throws Exception {
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
    }

    @Test
    void keysCannotEscape() {
        assertThatThrownBy(() -> store.read("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.openBlob("../../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArtifactStore.connect("s3:///nobucket")).hasMessageContaining("bucket");
    }
}
