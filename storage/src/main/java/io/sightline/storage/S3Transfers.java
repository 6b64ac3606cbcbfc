package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Moves bytes between local files and the S3 store's objects: an upload in one PUT, or in parts above
 * {@link #MULTIPART_THRESHOLD}; a download of every object under a prefix into a local folder.
 */
final class S3Transfers {

    static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    private static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;

    S3Transfers(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    void upload(String objectKey, Path file, long bytes) throws IOException {
        try {
            if (bytes <= MULTIPART_THRESHOLD) {
                s3.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromFile(file));
            } else {
                uploadMultipart(objectKey, file);
            }
        } catch (S3Exception e) {
            throw new IOException("cannot upload " + objectKey + ": " + e.getMessage(), e);
        }
    }

    private void uploadMultipart(String objectKey, Path file) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId();
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[PART_SIZE];
            for (int number = 1; ; number++) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n == 0) {
                    break;
                }
                int part = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(part),
                        RequestBody.fromBytes(Arrays.copyOf(buffer, n))).eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
            throw e;
        }
    }

    /** Downloads every object under {@code base} (ending in {@code /}) into {@code folder}; {@code what} names it. */
    void download(String base, Path folder, String what) throws IOException {
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base)).contents()) {
                Path file = folder.resolve(o.key().substring(base.length())).normalize();
                if (!file.startsWith(folder)) {
                    continue; // a key with .. in it: never write outside the folder
                }
                Files.createDirectories(file.getParent());
                s3.getObject(b -> b.bucket(bucket).key(o.key()), ResponseTransformer.toFile(file));
            }
        } catch (S3Exception e) {
            throw new IOException("cannot download " + what + ": " + e.getMessage(), e);
        }
    }
}
