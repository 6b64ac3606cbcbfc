package io.sightline.dataset.source;

import java.net.URI;
import java.util.Set;

/**
 * A configured way to reach S3: where, in which region, with which credentials, and the buckets a request
 * may read through it. Requests only name it; they never say where to connect.
 *
 * @param name            what requests call it ({@code s3://bucket/prefix?connection=<name>})
 * @param endpoint        an S3-compatible server (MinIO, Ceph), path-style; null for AWS itself
 * @param region          the signing region
 * @param buckets         the buckets sources may be read from; nothing else is
 * @param accessKeyId     with {@code secretAccessKey}: this connection's own key; null for the AWS default chain
 * @param secretAccessKey the key's secret, or null
 */
public record S3Connection(String name, URI endpoint, String region, Set<String> buckets, String accessKeyId,
                           String secretAccessKey) {

    public S3Connection {
        buckets = Set.copyOf(buckets);
    }

    /** Whether the connection has a key of its own (else the AWS default chain signs). */
    public boolean hasOwnKey() {
        return accessKeyId != null && !accessKeyId.isBlank() && secretAccessKey != null && !secretAccessKey.isBlank();
    }

    @Override
    public String toString() { // never the secret
        return "S3Connection[" + name + ", endpoint=" + endpoint + ", region=" + region + ", buckets=" + buckets + "]";
    }
}
