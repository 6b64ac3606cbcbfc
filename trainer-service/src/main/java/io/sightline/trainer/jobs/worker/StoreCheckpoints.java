package io.sightline.trainer.jobs.worker;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.training.Checkpoint;
import io.sightline.trainer.training.Checkpoints;
import java.io.IOException;
import java.util.Optional;

/**
 * A job's checkpoint in the store: {@code checkpoints/<job-id>/checkpoint.bin}, replaced atomically after every
 * epoch. A published job empties the file at once (an empty file means "none"); the collection removes the
 * job's folder once the job has been finished for its grace (decision 092).
 */
public final class StoreCheckpoints implements Checkpoints {

    static final String FILE = "checkpoint.bin";

    private final ArtifactStore store;
    private final String key;

    public StoreCheckpoints(ArtifactStore store, String jobId) {
        this.store = store;
        this.key = StoreKeys.checkpoints(jobId) + "/" + FILE;
    }

    /** The store key of the checkpoint file. */
    public String key() {
        return key;
    }

    @Override
    public Optional<Checkpoint> latest() throws IOException {
        if (!store.exists(key)) {
            return Optional.empty();
        }
        byte[] bytes = store.read(key);
        return bytes.length == 0 ? Optional.empty() : Optional.of(Checkpoint.decode(bytes));
    }

    @Override
    public void save(Checkpoint checkpoint) throws IOException {
        store.write(key, checkpoint.encode());
    }

    /** Frees the checkpoint's space once the job's version is published. */
    public void clear() throws IOException {
        if (store.exists(key)) {
            store.write(key, new byte[0]);
        }
    }
}
