package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The store in an S3 bucket (AWS S3 or any S3-compatible server), under an optional key prefix.
 *
 * <p>S3 has no rename, so a published folder is uploaded in place and becomes visible when its marker
 * object {@value #MARKER} is written, last. Readers ({@link #exists}, {@link #list}, {@link #localFolder})
 * only see folders whose marker exists: a crashed upload stays invisible. Objects larger than
 * {@value #MULTIPART_THRESHOLD} bytes go up as multipart uploads.
 *
 * <p>URI: {@code s3://bucket/prefix?endpoint=http://host:9000&region=us-east-1}. The endpoint may also come
 * from the environment variable {@code SIGHTLINE_STORE_S3_ENDPOINT}; a custom endpoint switches to
 * path-style addressing. Credentials come from the AWS default chain (environment, profile, web identity).
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    /** Written last into a published folder; its presence is what makes the folder visible. */
    static final String MARKER = ".published";
    static final long MULTIPART_THRESHOLD = S3Transfers.MULTIPART_THRESHOLD;
    private static final int CONFLICT_RETRIES = 5;

    private final URI uri;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final S3ReadCache cache;
    private final S3Transfers transfers;

    S3ArtifactStore(URI uri, S3Client s3, S3ReadCache cache) {
        this.uri = uri;
        this.s3 = s3;
        this.bucket = uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        this.prefix = path.isEmpty() ? "" : path + "/";
        this.cache = cache;
        this.transfers = new S3Transfers(s3, bucket);
    }

    /**
     * Opens {@code s3://bucket/prefix[?endpoint=…&region=…&cacheMaxBytes=…]}; {@code cacheMaxBytes} bounds the
     * local copies {@link #localFolder} keeps (else the environment variable {@code SIGHTLINE_STORE_S3_CACHE_MAX_BYTES},
     * which the chart sets below each pod's /tmp size; default 2 GiB; see {@link S3ReadCache} for what is evicted when).
     */
    static S3ArtifactStore open(URI uri) throws IOException {
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("s3 store URI needs a bucket: s3://bucket/prefix, got " + uri);
        }
        Map<String, String> query = query(uri);
        String endpoint = query.getOrDefault("endpoint", System.getenv("SIGHTLINE_STORE_S3_ENDPOINT"));
        String region = query.getOrDefault("region",
                Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        long cacheMaxBytes = S3ReadCache.maxBytes(query.getOrDefault("cacheMaxBytes",
                System.getenv("SIGHTLINE_STORE_S3_CACHE_MAX_BYTES")));
        S3ReadCache cache = new S3ReadCache(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                "sightline-s3-cache", uri.getHost())), MARKER, cacheMaxBytes);
        return new S3ArtifactStore(URI.create("s3://" + uri.getHost() + uri.getPath()), builder.build(), cache);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public BlobRef putBlob(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return putBlob(in);
        }
    }

    @Override
    public BlobRef putBlob(InputStream content) throws IOException {
        // the address is the digest, known only after reading everything: stage locally while hashing
        Path staged = Files.createTempFile("sightline-blob-", ".tmp");
        try {
            MessageDigest sha = Sha256.newDigest();
            long bytes;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(staged), sha)) {
                bytes = content.transferTo(out);
            }
            String digest = Sha256.hex(sha.digest());
            if (!hasBlob(digest)) {
                transfers.upload(object(blobKey(digest)), staged, bytes);
            }
            return new BlobRef(digest, bytes);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public boolean hasBlob(String sha256) {
        return Sha256.isHex(sha256) && objectExists(object(blobKey(sha256)));
    }

    @Override
    public InputStream openBlob(String sha256) throws IOException {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + sha256);
        }
        return get(object(blobKey(sha256)), "blob " + sha256);
    }

    @Override
    public Optional<Path> localBlob(String sha256) {
        return Optional.empty();
    }

    private static String blobKey(String sha256) {
        return "blobs/" + sha256.substring(0, 2) + "/" + sha256;
    }

    @Override
    public Publication publish(String key) throws IOException {
        checkKey(key);
        if (exists(key)) {
            throw new FileAlreadyExistsException(key);
        }
        return StagedPublication.inLocalFolder(key, Files.createTempDirectory("sightline-pub-"), this::uploadFolder);
    }

    /** A published folder's commit: every file uploaded, then the marker, which makes the folder visible. */
    private void uploadFolder(String key, Path staging) throws IOException {
        if (exists(key)) {
            throw new FileAlreadyExistsException(key);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(staging)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path file : files) {
            String relative = staging.relativize(file).toString().replace('\\', '/');
            transfers.upload(object(key) + "/" + relative, file, Files.size(file));
        }
        write(key + "/" + MARKER, ("published " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        checkKey(key);
        try {
            s3.putObject(b -> b.bucket(bucket).key(object(key)), RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            throw new IOException("cannot write " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * A conditional PUT ({@code If-None-Match: *}): the server refuses it with 412 when the object exists. AWS S3
     * has honoured it since August 2024, as do MinIO and s3proxy (its filesystem backend links the file into place);
     * a server that ignores the header would overwrite silently (decision 027). A 409 means another conditional
     * write to the key is in flight; AWS asks to retry it.
     */
    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        checkKey(key);
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(object(key)).ifNoneMatch("*"), RequestBody.fromBytes(content));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    // the key exists; when the SDK retried a PUT whose answer was lost, it is ours
                    return Arrays.equals(content, readIfPresent(key));
                }
                if (e.statusCode() != 409 || attempt == CONFLICT_RETRIES) {
                    throw new IOException("cannot create " + key + ": " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(50L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while creating " + key);
            }
        }
    }

    private byte[] readIfPresent(String key) throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(object(key)))) {
            return in.readAllBytes();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    @Override
    public boolean exists(String key) {
        checkKey(key);
        return objectExists(object(key)) || objectExists(object(key) + "/" + MARKER);
    }

    @Override
    public byte[] read(String key) throws IOException {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        checkKey(key);
        return get(object(key), key);
    }

    /**
     * Children of {@code key} that are files, published folders, or folders holding published folders.
     * An unfinished upload has no marker anywhere below it and is left out.
     */
    @Override
    public List<String> list(String key) throws IOException {
        checkKey(key);
        String base = object(key) + "/";
        TreeSet<String> visible = new TreeSet<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base)).contents()) {
                String rest = o.key().substring(base.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    if (!rest.equals(MARKER)) {
                        visible.add(rest);
                    }
                } else if (rest.endsWith("/" + MARKER)) {
                    visible.add(rest.substring(0, slash));
                }
            }
        } catch (S3Exception e) {
            throw new IOException("cannot list " + key + ": " + e.getMessage(), e);
        }
        return List.copyOf(visible);
    }

    /**
     * Downloads a published folder once into a local cache (published folders never change), bounded by
     * {@code cacheMaxBytes}: least recently used folders go first, never one used within the last minutes
     * ({@link S3ReadCache}).
     */
    @Override
    public Path localFolder(String key) throws IOException {
        checkKey(key);
        if (!objectExists(object(key) + "/" + MARKER)) {
            throw new NoSuchFileException(key);
        }
        return cache.folder(key, staging -> transfers.download(object(key) + "/", staging, key));
    }

    /** The local cache of {@link #localFolder}. */
    S3ReadCache cache() {
        return cache;
    }

    /**
     * A plain object is deleted; a published folder loses its marker first (readers stop seeing it), then its
     * objects, a thousand per request. The local cache copy goes too.
     */
    @Override
    public long delete(String key) throws IOException {
        checkKey(key);
        long bytes = 0;
        try {
            String plain = object(key);
            try {
                bytes += s3.headObject(b -> b.bucket(bucket).key(plain)).contentLength();
                s3.deleteObject(b -> b.bucket(bucket).key(plain));
            } catch (NoSuchKeyException e) {
                // not a plain object
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
            }
            String base = plain + "/";
            s3.deleteObject(b -> b.bucket(bucket).key(base + MARKER));
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base)).contents()) {
                bytes += o.size();
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                if (batch.size() == 1000) {
                    deleteObjects(batch);
                }
            }
            deleteObjects(batch);
        } catch (S3Exception e) {
            throw new IOException("cannot delete " + key + ": " + e.getMessage(), e);
        }
        cache.remove(key);
        return bytes;
    }

    private void deleteObjects(List<ObjectIdentifier> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<ObjectIdentifier> keys = List.copyOf(batch);
        batch.clear();
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
    }

    @Override
    public void close() {
        s3.close();
    }

    private String object(String key) {
        return prefix + key;
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("\\")
                || Stream.of(key.split("/")).anyMatch(s -> s.equals("..") || s.equals(".") || s.isEmpty())) {
            throw new IllegalArgumentException("invalid store key: " + key);
        }
    }

    private boolean objectExists(String objectKey) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private InputStream get(String objectKey, String what) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(what);
        } catch (S3Exception e) {
            throw new IOException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BlobSweepResult sweepBlobs(Predicate<String> live, Instant writtenBefore, double repackBelow)
            throws IOException {
        return new S3BlobSweep(s3, bucket, object("blobs/")).sweep(live, writtenBefore);
    }
}
