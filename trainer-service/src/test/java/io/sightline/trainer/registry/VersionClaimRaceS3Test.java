package io.sightline.trainer.registry;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.S3Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version claims on a real S3 server (s3proxy), where a version folder is uploaded object by object in place:
 * without claims two racers' objects interleave under one number and both publications succeed.
 */
@Tag("process") // s3proxy runs as its own JVM
class VersionClaimRaceS3Test extends VersionClaimRaceContract {

    @TempDir
    static Path serverDir;

    static S3Proxy server;
    static ArtifactStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Proxy.start(serverDir);
        server.createBucket("claims");
        // the AWS default credential chain reads these system properties
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Proxy.SECRET_KEY);
        store = ArtifactStore.connect("s3://claims/sightline?endpoint=" + server.endpoint());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    @Override
    boolean uploadsInPlace() {
        return true;
    }
}
