package io.sightline.storage;

/**
 * What one {@link ArtifactStore#sweepBlobs sweep of the blob area} did.
 *
 * @param looseBlobsDeleted blobs stored as objects or files of their own that were deleted
 * @param packsRepacked     packs whose live blobs were copied into a new pack before the old one was deleted
 * @param packsDeleted      packs deleted because nothing in them was live (repacked ones not counted)
 * @param bytesReclaimed    bytes the store no longer holds (a loose file still linked elsewhere, e.g. from a
 *                          dataset's tree view, frees nothing and is not counted)
 * @param blobsKept         blobs seen that stay: live ones, and dead ones still younger than the cut-off
 */
public record BlobSweepResult(int looseBlobsDeleted, int packsRepacked, int packsDeleted, long bytesReclaimed,
                              long blobsKept) {

    /** Nothing swept. */
    public static final BlobSweepResult NONE = new BlobSweepResult(0, 0, 0, 0, 0);
}
