package io.sightline.dataset.source;

import io.sightline.dataset.importing.ImportProgress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseInputStream;
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
 * <p>URI: {@code s3://bucket/prefix?endpoint=http://host:9000&region=eu-west-1}; without an endpoint,
 * {@code SIGHTLINE_DATASET_S3_ENDPOINT} or AWS itself. Credentials come from the AWS default chain.
 */
public final class S3Source {

    private final SourceLimits limits;
    private final Function<URI, S3Client> clients;

    public S3Source(SourceLimits limits) {
        this(limits, S3Source::defaultClient);
    }

    public S3Source(SourceLimits limits, Function<URI, S3Client> clients) {
        this.limits = limits;
        this.clients = clients;
    }

    /** Whether the text names an S3 source. */
    public static boolean isS3(String source) {
        return source != null && source.startsWith("s3://");
    }

    /** @throws InvalidImportException when the URI has no bucket */
    public static URI parse(String source) {
        URI uri;
        try {
            uri = URI.create(source);
        } catch (IllegalArgumentException e) {
            throw new InvalidImportException("source is not a valid s3:// URI: " + source);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidImportException("an s3 source needs a bucket: s3://bucket/prefix, got " + source);
        }
        return uri;
    }

    /** Downloads the objects under the URI's prefix into {@code into}; returns the dataset root. */
    public Path fetch(URI uri, Path into, ImportProgress progress) throws IOException {
        String bucket = uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        String prefix = path.isEmpty() ? "" : path + "/";
        Files.createDirectories(into);
        Path root = into.toRealPath();
        try (S3Client s3 = clients.apply(uri)) {
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
                throw new InvalidImportException("empty dataset: no objects under " + uri);
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
        } catch (S3Exception e) {
            throw new InvalidImportException("s3 source cannot be read: " + e.awsErrorDetails().errorMessage()
                    + " (" + e.statusCode() + ")");
        }
        return root;
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

    private static S3Client defaultClient(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        String endpoint = query.getOrDefault("endpoint", System.getenv("SIGHTLINE_DATASET_S3_ENDPOINT"));
        var builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(query.getOrDefault("region",
                        Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"))));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }
}
