package io.sightline.trainer.gc;

/**
 * What one collection run removed.
 *
 * @param checkpointsDeleted   jobs whose {@code checkpoint.bin} went
 * @param leasesDeleted        lease files removed
 * @param backboneFilesDeleted backbone downloads removed from this worker's cache
 */
public record CollectionReport(int modelVersionsDeleted, int checkpointsDeleted, int leasesDeleted,
                               int backboneFilesDeleted, long bytesReclaimed, long durationMs) {
}
