package io.sightline.trainer.training;

import java.io.IOException;
import java.util.Optional;

/** Where a run keeps its checkpoint between epochs (the store, for jobs; nowhere, for tests and benchmarks). */
public interface Checkpoints {

    /** Keeps nothing. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public Optional<Checkpoint> latest() {
            return Optional.empty();
        }

        @Override
        public void save(Checkpoint checkpoint) {
        }
    };

    /**
     * The last checkpoint saved, if any.
     *
     * @throws IOException when one exists but cannot be read or is corrupt
     */
    Optional<Checkpoint> latest() throws IOException;

    /** Replaces the last checkpoint (atomically: a reader sees the old one or the new one). */
    void save(Checkpoint checkpoint) throws IOException;
}
