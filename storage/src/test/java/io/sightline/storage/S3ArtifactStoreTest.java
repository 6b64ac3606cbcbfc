package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store contract on a real S3 server (s3proxy), a fresh bucket per test, and what only the S3 store does:
 * one object per blob, multipart uploads, the marker that makes a published folder visible.
 */
@Tag("process") // s3proxy runs as its own JVM
class S3ArtifactStoreTest extends ArtifactStoreContract {

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

    @Override
    ArtifactStore store() {
        return store;
    }

    @Test
    void aBlobIsOneObjectUnderItsDigest() throws Exception {
        byte[] content = "a picture".getBytes(StandardCharsets.UTF_8);

        BlobRef first = store.putBlob(new ByteArrayInputStream(content));
        store.putBlob(new ByteArrayInputStream(content));

        assertThat(store.localBlob(first.sha256())).isEmpty();
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
    void aPublishedFolderIsVisibleThroughItsMarker() throws Exception {
        try (Publication pub = store.publish("models/m/1")) {
            Files.writeString(pub.directory().resolve("a"), "a");
            pub.commit();
        }

        try (S3Client s3 = server.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                    .containsExactly("sightline/models/m/1/" + S3ArtifactStore.MARKER, "sightline/models/m/1/a");
        }
        assertThat(store.list("models/m/1")).containsExactly("a");
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
    void theReadCacheEvictsTheLeastRecentlyUsedFoldersNotInUseOnceOverItsBound() throws Exception {
        String cacheBucket = "cache" + System.nanoTime();
        server.createBucket(cacheBucket);
        S3ArtifactStore cached = (S3ArtifactStore) ArtifactStore.connect("s3://" + cacheBucket + "/p?endpoint="
                + server.endpoint() + "&cacheMaxBytes=2500");
        for (String version : new String[]{"1", "2", "3", "4"}) {
            try (Publication pub = cached.publish("models/m/" + version)) {
                Files.write(pub.directory().resolve("model.params"), new byte[1000]);
                pub.commit();
            }
        }
        Path oldest = cached.localFolder("models/m/1");
        Path older = cached.localFolder("models/m/2");
        usedAgo(oldest, 60);
        usedAgo(older, 30);

        Path fresh = cached.localFolder("models/m/3"); // 3000 bytes and more: the least recently used goes

        assertThat(oldest).doesNotExist();
        assertThat(older.resolve("model.params")).hasSize(1000);
        assertThat(fresh.resolve("model.params")).hasSize(1000);

        cached.localFolder("models/m/4"); // over again, but 3 was used a moment ago: only 2 may go
        assertThat(older).doesNotExist();
        assertThat(fresh).exists();

        assertThat(cached.localFolder("models/m/1").resolve("model.params")).as("downloaded again").hasSize(1000);
        assertThat(cached.cache().maxBytes()).isEqualTo(2500);
        assertThat(((S3ArtifactStore) store).cache().maxBytes()).isEqualTo(S3ReadCache.DEFAULT_MAX_BYTES);
    }

    /** Makes a cached folder look last used {@code minutes} ago. */
    private static void usedAgo(Path folder, int minutes) throws Exception {
        Files.setLastModifiedTime(folder.resolve(S3ArtifactStore.MARKER),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60L * minutes)));
    }

    @Test
    void aStoreUriNamesItsBucket() {
        assertThatThrownBy(() -> ArtifactStore.connect("s3:///nobucket")).hasMessageContaining("bucket");
    }
}
