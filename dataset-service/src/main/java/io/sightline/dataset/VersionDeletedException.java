package io.sightline.dataset;

/** What a deleted version no longer has: its folder tree (410, mapped in .rest). */
public class VersionDeletedException extends RuntimeException {

    public VersionDeletedException(String message) {
        super(message);
    }
}
