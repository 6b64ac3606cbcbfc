package io.sightline.dataset;

import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.kit.outbox.Announcement;
import io.sightline.events.DatasetDeleted;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.SplitCounts;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Announces how imports ended, and deletions, through {@link DatasetEvents}. A version stays what it is when its event
 * cannot be handed over: the failure is logged.
 */
final class OutcomeEvents {

    /** Most problems carried by a {@link DatasetRejected} event; the rest is counted. */
    static final int MAX_PROBLEMS_IN_EVENT = 100;

    private static final Logger LOG = Logger.getLogger(OutcomeEvents.class);

    private final DatasetEvents events;

    OutcomeEvents(DatasetEvents events) {
        this.events = events;
    }

    /**
     * The split of a version about to commit with {@code manifest}, stored under {@code key} as bytes of that
     * {@code sha256}: recorded now, sent by the caller once the commit returned (or discarded when it failed).
     */
    Announcement splitOnCommit(DatasetManifest manifest, String key, String sha256) throws IOException {
        return events.splitOnCommit(splitEvent(manifest), new OutboxGuard(key, sha256));
    }

    /** Sends a recorded split; a failure is the outbox's to repair. */
    static void deliver(Announcement announcement) {
        Runnable send = announcement::send;
        send(send);
    }

    /** {@code rejected} was refused for {@code reason}. */
    void rejected(DatasetVersion rejected, String reason, List<String> problems) {
        List<String> carried = new ArrayList<>(problems.subList(0, Math.min(MAX_PROBLEMS_IN_EVENT, problems.size())));
        if (problems.size() > MAX_PROBLEMS_IN_EVENT) {
            carried.add("… and " + (problems.size() - MAX_PROBLEMS_IN_EVENT) + " more");
        }
        send(() -> events.rejected(new DatasetRejected(UUID.randomUUID().toString(), rejected.dataset(),
                rejected.version(), reason, List.copyOf(carried), rejected.completedAt())));
    }

    /**
     * {@code version} of {@code dataset} (null: every version) is about to be deleted, {@code tombstone}: its metadata
     * kept; recorded now and sent by {@link #deliver} once deleted, or by the outbox's relay once {@code guard} holds.
     */
    Announcement deletedOnCommit(String dataset, String version, boolean tombstone, java.time.Instant at, String by,
                                 OutboxGuard guard) throws IOException {
        return events.deletedOnCommit(new DatasetDeleted(UUID.randomUUID().toString(), dataset, version, tombstone,
                at, by), guard);
    }

    private static void send(Runnable emit) {
        try {
            emit.run();
        } catch (RuntimeException e) {
            LOG.error("could not emit a dataset event", e);
        }
    }

    static DatasetSplit splitEvent(DatasetManifest manifest) {
        Map<String, SplitCounts> counts = new LinkedHashMap<>();
        manifest.counts().forEach((cls, bySplit) -> counts.put(cls, new SplitCounts(
                bySplit.getOrDefault(DatasetManifest.TRAIN, 0L).intValue(),
                bySplit.getOrDefault(DatasetManifest.TEST, 0L).intValue(),
                bySplit.getOrDefault(DatasetManifest.VALIDATION, 0L).intValue())));
        // the same published version always yields the same id: a re-sent event is recognisably a repeat
        String id = UUID.nameUUIDFromBytes((EventTypes.DATASET_SPLIT + '|' + manifest.dataset() + '|'
                + manifest.version() + '|' + manifest.digest()).getBytes(StandardCharsets.UTF_8)).toString();
        return new DatasetSplit(id, manifest.dataset(), manifest.version(), manifest.digest(),
                StoreKeys.manifest(manifest.dataset(), manifest.version()), manifest.classes(), counts,
                manifest.testRatio(), manifest.validationRatio(), manifest.seed(), manifest.createdAt());
    }
}
