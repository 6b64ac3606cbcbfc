package io.sightline.dataset.catalog;

/** Where a dataset version is in its life. */
public enum VersionStatus {
    /** Accepted, waiting for a worker. */
    PENDING,
    /** Being scanned, split, copied and verified. */
    SPLITTING,
    /** Published (or the same content as a published version). */
    READY,
    /** Refused; nothing of it is in the store. */
    REJECTED;

    /** Whether the version will not change any more. */
    public boolean isFinal() {
        return this == READY || this == REJECTED;
    }
}
