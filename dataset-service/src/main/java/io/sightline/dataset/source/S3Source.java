package io.sightline.dataset.source;

import io.sightline.dataset.importing.ImportProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads an {@code s3://bucket/prefix} source: lists the objects under the prefix and downloads them into
 * a local folder as a class-per-folder tree ({@code prefix/cats/1.png} → {@code cats/1.png}), after which
 * the import runs exactly as for a folder. Object keys obey the same rules as archive entries (no
 * {@code ..}, no backslashes, no control characters), and the object count and total size obey
 * {@link SourceLimits}. Keys ending in {@code /} (folder markers some tools write) are skipped.
 *
 * <p>Where to connect, the region and the credentials come from a configured {@link S3Connection} the
 * source names ({@link S3Connections}); a failure is told in fixed words (not found, access denied,
 * unreachable), never with what the server answered: a rejection reason is readable by every caller.
 */
public final class S3Source {

    private static final Logger LOG = Logger.getLogger(S3Source.class);

    private final SourceLimits limits;
    private final S3Connections connections;
    private final Function<S3Connection, S3Client> clients;

    public S3Source(SourceLimits limits, S3Connections connections) {
        this(limits, connections, S3Source::client);
    }

    public S3Source(SourceLimits limits, S3Connections connections, Function<S3Connection, S3Client> clients) {
        this.limits = limits;
        this.connections = connections;
        this.clients = clients;
    }

    /** The configured connections a source must name. */
    public S3Connections connections() {
        return connections;
    }

    /** Whether the text names an S3 source. */
    public static boolean isS3(String source) {
        return source != null && source.startsWith("s3://");
    }

    /** Downloads the objects under the source's prefix into {@code into}; returns the dataset root. */
    public Path fetch(String source, Path into, ImportProgress progress) throws IOException {
        S3Connections.Location at = connections.resolve(source);
        String bucket = at.bucket();
        String prefix = at.prefix();
        Files.createDirectories(into);
        Path root = into.toRealPath();
        try (S3Client s3 = clients.apply(at.connection())) {
            long count = 0;
            long bytes = 0;
            Map<String, Long> objects = new java.util.TreeMap<>();
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (object.key().endsWith("/")) {
                    continue;
                }
                if (++count > limits.maxEntries()) {
                    throw new InvalidImportException("s3 source holds more than " + limits.maxEntries() + " objects");
                }
                bytes += object.size();
                if (bytes > limits.maxUncompressedBytes()) {
                    throw new InvalidImportException("s3 source holds more than " + limits.maxUncompressedBytes()
                            + " bytes");
                }
                objects.put(object.key(), object.size());
            }
            if (objects.isEmpty()) {
                throw new InvalidImportException("empty dataset: no objects under s3://" + bucket + "/" + prefix);
            }
            progress.start("download", objects.size());
            for (Map.Entry<String, Long> object : objects.entrySet()) {
                Path target = ArchiveExtractor.target(root, object.getKey().substring(prefix.length()));
                Files.createDirectories(target.getParent());
                try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(object.getKey()))) {
                    long written = copyAtMost(in, target, object.getValue());
                    if (written != object.getValue()) {
                        throw new IOException("object " + object.getKey() + " changed while downloading");
                    }
                }
                progress.advance();
            }
        } catch (SdkException e) {
            throw refusal(e, bucket, at.connection().name());
        }
        return root;
    }

    /** The failure in fixed words: what the server said goes to the log, where only operators read it. */
    static InvalidImportException refusal(SdkException e, String bucket, String connection) {
        String where = "bucket " + bucket + " on connection " + connection;
        String said;
        if (e instanceof S3Exception answer) {
            LOG.warnf("s3 source %s: %s answered %d %s", where, connection, answer.statusCode(),
                    answer.awsErrorDetails() == null ? "" : answer.awsErrorDetails().errorCode());
            said = switch (answer.statusCode()) {
                case 404 -> "not found";
                case 401, 403 -> "access denied";
                default -> "refused by the store";
            };
        } else {
            LOG.warnf("s3 source %s cannot be reached: %s", where, e.toString());
            said = "unreachable";
        }
        return new InvalidImportException("s3 source cannot be read: " + where + ": " + said);
    }

    /** Copies at most one byte more than announced: an object growing meanwhile cannot fill the disk. */
    private static long copyAtMost(InputStream in, Path target, long announced) throws IOException {
        try (var out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            return in.transferTo(new java.io.FilterOutputStream(out) {
                long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > announced + 1) {
                        throw new IOException("object larger than listed: " + target.getFileName());
                    }
                    out.write(b, off, len);
                }
            });
        }
    }

    /** A client as the connection says: its endpoint (path-style) or AWS, its region, its key or the default chain. */
    static S3Client client(S3Connection connection) {
        var builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(connection.region()));
        if (connection.endpoint() != null) {
            builder.endpointOverride(connection.endpoint()).forcePathStyle(true);
        }
        builder.credentialsProvider(connection.hasOwnKey()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(connection.accessKeyId(),
                connection.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build());
        return builder.build();
    }
}
