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
    REJECTED,
    /**
     * Deleted, but a model's lineage names it: its manifest and verification stay readable (a tombstone), its
     * bytes and folder tree are gone. A version deleted without such a name is not shown at all (404).
     */
    DELETED;

    /** Whether the version will not change any more by an import (a finished version may still be deleted). */
    public boolean isFinal() {
        return this == READY || this == REJECTED || this == DELETED;
    }

    /** Whether an import of the version is under way. */
    public boolean isRunning() {
        return this == PENDING || this == SPLITTING;
    }
}
