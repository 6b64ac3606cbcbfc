package io.sightline.events;

import java.time.Instant;

/**
 * A dataset version, or a whole dataset, was deleted.
 *
 * @param id        unique per event (consumers deduplicate by it)
 * @param dataset   dataset name (the record key)
 * @param version   the deleted version; null when every version of the dataset went
 * @param tombstone whether a model's lineage names it, so its metadata stays (its bytes go)
 * @param deletedAt when
 * @param by        who asked (the caller's name, or the retention policy)
 */
public record DatasetDeleted(String id, String dataset, String version, boolean tombstone, Instant deletedAt,
                             String by) {

    public static final String TYPE = EventTypes.DATASET_DELETED;
}
