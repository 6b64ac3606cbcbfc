package io.sightline.dataset.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.importing.ImportValidator;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which s3:// sources a request may name, and how a failure is worded. */
class S3ConnectionsTest {

    private static final S3Connection LAB = new S3Connection("lab", URI.create("http://minio.lab:9000"), "eu-west-1",
            Set.of("data", "more"), null, null);
    private static final S3Connections CONNECTIONS = new S3Connections(Map.of("lab", LAB), "lab");

    @Test
    void aSourceNamesBucketPrefixAndConnectionAndNothingElse() {
        S3Connections.Location at = CONNECTIONS.resolve("s3://data/raw/set/?connection=lab");
        assertThat(at.connection()).isEqualTo(LAB);
        assertThat(at.bucket()).isEqualTo("data");
        assertThat(at.prefix()).isEqualTo("raw/set/");
        assertThat(CONNECTIONS.resolve("s3://more").prefix()).isEmpty();

        for (String refused : List.of("s3://data/x?endpoint=http://169.254.169.254", "s3://data/x?region=us-west-2",
                "s3://data/x?connection=lab&endpoint=http://10.0.0.1", "s3://data/x?ENDPOINT=http://10.0.0.1",
                "s3://data/x?connection=lab&connection=lab", "s3://data/x?anything", "s3://other/x",
                "s3://data/x?connection=elsewhere", "s3://user@data/x", "s3://data:9000/x", "s3://127.0.0.1/x",
                "s3://data/x#frag")) {
            assertThatThrownBy(() -> CONNECTIONS.resolve(refused)).as(refused)
                    .isInstanceOf(InvalidImportException.class).hasMessageContaining("not allowed");
        }
        assertThatThrownBy(() -> S3Connections.NONE.resolve("s3://data/x"))
                .hasMessageContaining("must name a configured connection");
        assertThatThrownBy(() -> new S3Connections(Map.of("lab", LAB), null).resolve("s3://data/x"))
                .hasMessageContaining("?connection=<name>");
    }

    @Test
    void aRequestNamingAnEndpointIsRefusedAtOnceWithoutAnyConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket ignored = server.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.start();
            String endpoint = "http://127.0.0.1:" + server.getLocalPort();
            S3Connection local = new S3Connection("local", URI.create(endpoint), "us-east-1", Set.of("data"), "k", "s");
            ImportValidator validator = new ImportValidator(DatasetSettings.builder().setImportRoots(List.of(Path.of("/")))
                    .build(), new S3Connections(Map.of("local", local), "local"));

            for (String source : List.of("s3://data/x?endpoint=" + endpoint, "s3://data/x?connection=local&region=x",
                    "s3://data/x?connection=local&endpoint=" + endpoint)) {
                assertThatThrownBy(() -> validator.validate(new ImportRequest("set", source, null, null, null, null)))
                        .isInstanceOf(InvalidImportException.class).hasMessageContaining("not allowed");
            }
            Thread.sleep(300); // time for a connection, had anything tried one
            assertThat(connections).hasValue(0);
            server.close();
            acceptor.join(5000);
        }
    }

    @Test
    void failuresAreToldInFixedWordsNeverInTheServersOwn() {
        String secret = "<Error>bucket-internal-10.1.2.3 policy arn:aws:iam::123:role/x</Error>";
        S3Exception denied = (S3Exception) S3Exception.builder().statusCode(403).message(secret)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage(secret).build())
                .build();
        S3Exception missing = (S3Exception) S3Exception.builder().statusCode(404).message(secret).build();
        S3Exception odd = (S3Exception) S3Exception.builder().statusCode(500).message(secret).build();
        SdkClientException down = SdkClientException.create("Unable to execute HTTP request: " + secret);

        assertThat(S3Source.refusal(denied, "data", "lab").getMessage())
                .isEqualTo("s3 source cannot be read: bucket data on connection lab: access denied");
        assertThat(S3Source.refusal(missing, "data", "lab").getMessage()).endsWith(": not found");
        assertThat(S3Source.refusal(odd, "data", "lab").getMessage()).endsWith(": refused by the store");
        assertThat(S3Source.refusal(down, "data", "lab").getMessage()).endsWith(": unreachable");
        for (Exception e : List.of(denied, missing, odd, down)) {
            assertThat(S3Source.refusal((software.amazon.awssdk.core.exception.SdkException) e, "data", "lab")
                    .getMessage()).doesNotContain("Error").doesNotContain("10.1.2.3").doesNotContain("arn:");
        }
        assertThat(LAB.toString()).doesNotContain("secret");
    }
}
