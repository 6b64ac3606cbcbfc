package io.sightline.storage;

/**
 * What one {@link StoreCollector#collect garbage collection} of the store did.
 *
 * @param looseBlobsDeleted see {@link BlobSweepResult#looseBlobsDeleted()}
 * @param packsRepacked     see {@link BlobSweepResult#packsRepacked()}
 * @param packsDeleted      see {@link BlobSweepResult#packsDeleted()}
 * @param bytesReclaimed    see {@link BlobSweepResult#bytesReclaimed()}
 * @param liveBlobs         distinct blob digests the live manifests reference
 * @param durationMs        how long the collection took, lock to release
 * @param deferred          why nothing was collected (e.g. {@code import cats@4 is writing}); null when it ran
 */
public record CollectionResult(int looseBlobsDeleted, int packsRepacked, int packsDeleted, long bytesReclaimed,
                               long liveBlobs, long durationMs, String deferred) {

    /** A collection that did not run, with the reason. */
    static CollectionResult deferred(String reason, long durationMs) {
        return new CollectionResult(0, 0, 0, 0, 0, durationMs, reason);
    }

    /** Whether the collection ran (false: see {@link #deferred()}). */
    public boolean ran() {
        return deferred == null;
    }
}
