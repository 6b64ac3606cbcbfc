package io.sightline.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A folder being written. Files go into {@link #directory()}; nothing is visible under the target key
 * until {@link #commit()} returns. Closing without committing throws the staged files away, so a
 * crashed writer never leaves a half-written version behind.
 */
public interface Publication extends AutoCloseable {

    /** The staging folder to write into. */
    Path directory();

    /** The store key the folder becomes visible under. */
    String key();

    /**
     * Makes the folder visible at once.
     *
     * @throws java.nio.file.FileAlreadyExistsException when the key was published meanwhile
     */
    void commit() throws IOException;

    /** Discards the staged folder unless committed. */
    @Override
    void close() throws IOException;
}
