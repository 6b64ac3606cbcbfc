package io.sightline.dataset.catalog;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.S3Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** Two catalogs on a real S3 server (s3proxy): the journal claims are conditional PUTs. */
@Tag("process") // s3proxy runs as its own JVM
class CatalogReplicasS3Test extends CatalogReplicasContract {

    @TempDir
    static Path serverDir;

    static S3Proxy server;
    static ArtifactStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Proxy.start(serverDir);
        server.createBucket("catalog");
        // the AWS default credential chain reads these system properties
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Proxy.SECRET_KEY);
        store = ArtifactStore.connect("s3://catalog/sightline?endpoint=" + server.endpoint());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    ArtifactStore store() {
        return store;
    }
}
