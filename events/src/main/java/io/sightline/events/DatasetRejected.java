package io.sightline.events;

import java.time.Instant;
import java.util.List;

/**
 * A dataset import was refused; nothing of it is visible in the store.
 *
 * @param eventId    unique per event
 * @param dataset    dataset name (the record key)
 * @param version    the version id the import had been given
 * @param reason     one sentence for people
 * @param problems   each problem found, e.g. {@code missing: cats/1.png}
 * @param rejectedAt when the import was refused
 */
public record DatasetRejected(
        String eventId,
        String dataset,
        String version,
        String reason,
        List<String> problems,
        Instant rejectedAt) {

    public static final String TYPE = EventTypes.DATASET_REJECTED;
}
