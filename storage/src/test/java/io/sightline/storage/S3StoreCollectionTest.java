package io.sightline.storage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** The collection on a real S3 server (s3proxy): one object per blob, aged by its {@code LastModified}. */
@Tag("process") // s3proxy runs as its own JVM
class S3StoreCollectionTest extends StoreCollectionContract {

    @TempDir
    static Path serverDir;

    static S3Proxy server;
    static int buckets;

    ArtifactStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Proxy.start(serverDir);
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Proxy.SECRET_KEY);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void freshBucket() throws Exception {
        String bucket = "collect" + (++buckets);
        server.createBucket(bucket);
        store = ArtifactStore.connect("s3://" + bucket + "/sightline?endpoint=" + server.endpoint());
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    /** Through the public entry: S3 answers consistently, so its collection releases the lock at once. */
    @Override
    CollectionResult collect(Clock clock, Duration grace) throws Exception {
        return StoreCollector.collect(store, clock, grace, 0.5);
    }

    /** {@code LastModified} cannot be set and has whole seconds: let a second pass on each side of the cut-off. */
    @Override
    Instant writtenBeforeNow(List<String> digests) throws Exception {
        Thread.sleep(1100);
        Instant cutoff = Instant.now();
        Thread.sleep(1100);
        return cutoff;
    }
}
