package io.sightline.storage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One sweep of an S3 store's {@code blobs/} ({@link ArtifactStore#sweepBlobs}): every blob is an object of its
 * own, written when its {@code LastModified} says; dead ones go a thousand per request. S3 has no packs.
 */
final class S3BlobSweep {

    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String blobsPrefix;

    S3BlobSweep(S3Client s3, String bucket, String blobsPrefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.blobsPrefix = blobsPrefix;
    }

    BlobSweepResult sweep(Predicate<String> live, Instant writtenBefore) throws IOException {
        int deleted = 0;
        long bytes = 0;
        long kept = 0;
        List<ObjectIdentifier> batch = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(blobsPrefix)).contents()) {
                String sha256 = o.key().substring(o.key().lastIndexOf('/') + 1);
                if (!Sha256.isHex(sha256) || !o.lastModified().isBefore(writtenBefore) || live.test(sha256)) {
                    kept++;
                    continue;
                }
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                deleted++;
                bytes += o.size();
                if (batch.size() == DELETE_BATCH) {
                    delete(batch);
                }
            }
            delete(batch);
        } catch (S3Exception e) {
            throw new IOException("cannot sweep the blobs of s3://" + bucket + "/" + blobsPrefix + ": "
                    + e.getMessage(), e);
        }
        return new BlobSweepResult(deleted, 0, 0, bytes, kept);
    }

    private void delete(List<ObjectIdentifier> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<ObjectIdentifier> keys = List.copyOf(batch);
        batch.clear();
        var answer = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
        if (answer.hasErrors() && !answer.errors().isEmpty()) {
            throw new IOException("cannot delete " + answer.errors().size() + " blobs, e.g. "
                    + answer.errors().get(0).key() + ": " + answer.errors().get(0).message());
        }
    }
}
