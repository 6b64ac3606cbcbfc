package io.sightline.storage;

/**
 * A stored blob.
 *
 * @param sha256 lower-case hex SHA-256 of the content, its address
 * @param bytes  content length
 */
public record BlobRef(String sha256, long bytes) {
}
