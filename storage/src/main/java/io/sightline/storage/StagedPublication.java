package io.sightline.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The {@link Publication} of both backends: the writer fills a local staging folder, and the backend's
 * {@link Commit} makes it visible under the key in one step (the file store renames it into place, the S3 store
 * uploads it and writes the marker last). Closing deletes whatever of the staging folder is still there: all of
 * it when the publication was abandoned, the local copy an upload leaves behind, nothing after a rename.
 */
final class StagedPublication implements Publication {

    /** How a backend makes a staged folder visible under its key. */
    @FunctionalInterface
    interface Commit {

        /** @throws java.nio.file.FileAlreadyExistsException when the key was published meanwhile */
        void publish(String key, Path staging) throws IOException;
    }

    private final String key;
    private final Path staging;
    private final Commit commit;
    private final boolean held;

    private StagedPublication(String key, Path staging, Commit commit, boolean held) {
        this.key = key;
        this.staging = staging;
        this.commit = commit;
        this.held = held;
        if (held) {
            TmpSweep.hold(staging); // the writer may take its time
        }
    }

    /**
     * Staging inside a file store's {@code tmp/}, which that store's sweep would remove once untouched for its
     * grace: {@linkplain TmpSweep#hold held} until committed or closed.
     */
    static StagedPublication inStoreTmp(String key, Path staging, Commit commit) {
        return new StagedPublication(key, staging, commit, true);
    }

    /** Staging in a private local folder that no sweep touches. */
    static StagedPublication inLocalFolder(String key, Path staging, Commit commit) {
        return new StagedPublication(key, staging, commit, false);
    }

    @Override
    public Path directory() {
        return staging;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void commit() throws IOException {
        commit.publish(key, staging);
        release();
    }

    @Override
    public void close() throws IOException {
        // a commit that failed midway leaves the S3 store objects without a marker: invisible to readers
        try {
            deleteTree(staging);
        } finally {
            release();
        }
    }

    private void release() {
        if (held) {
            TmpSweep.release(staging);
        }
    }

    /** Deletes a local folder and everything in it; a missing folder is no error. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
