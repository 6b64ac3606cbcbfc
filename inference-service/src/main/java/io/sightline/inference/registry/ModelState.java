package io.sightline.inference.registry;

/** Where a model stands with respect to its latest promotion. */
public enum ModelState {
    /** The latest promotion is being loaded; an earlier version may serve meanwhile. */
    LOADING,
    /** The latest promotion serves. */
    SERVING,
    /** The latest promotion failed to load; an earlier version may still serve. */
    FAILED,
    /** An administrator unloaded the model; nothing serves until the next promotion or load. */
    UNLOADED,
    /**
     * Not resident under the replica's memory budget: not loaded yet, or evicted as the least recently used; the
     * next request loads it (decision 104).
     */
    NOT_RESIDENT
}
