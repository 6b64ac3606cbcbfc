package io.sightline.trainer.jobs.lease;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A job's lease files as the collection sees them: which there are, whether one is live, when one last moved. */
public final class LeaseFiles {

    private final ArtifactStore store;

    public LeaseFiles(ArtifactStore store) {
        this.store = store;
    }

    /**
     * @param keys        every lease file of the job
     * @param live        a claim is held now (not released, not expired)
     * @param lastTouched the latest expiry or release among the readable claims; null when there is none
     */
    public record State(List<String> keys, boolean live, Instant lastTouched) {
    }

    public State state(String jobId, Instant now) throws IOException {
        List<String> keys = new ArrayList<>();
        boolean live = false;
        Instant lastTouched = null;
        String folder = JobLease.folder(jobId);
        for (String name : store.list(folder)) {
            String key = folder + "/" + name;
            keys.add(key);
            try {
                LeaseClaim claim = StoreJson.read(store.read(key), LeaseClaim.class);
                if (!claim.complete()) {
                    continue;
                }
                live |= !claim.endedAt(now);
                lastTouched = lastTouched == null || claim.expiresAt().isAfter(lastTouched) ? claim.expiresAt()
                        : lastTouched;
            } catch (IOException | RuntimeException e) {
                // not a claim (a foreign file): collected with the rest, never counted as live
            }
        }
        return new State(keys, live, lastTouched);
    }
}
