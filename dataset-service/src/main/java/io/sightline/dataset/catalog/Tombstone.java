package io.sightline.dataset.catalog;

import io.sightline.storage.StoreKeys;
import java.time.Instant;
import java.util.List;

/**
 * {@code datasets/<d>/<v>/tombstone.json}: the version was deleted, but a model's lineage names it, so its
 * {@code manifest.json} and {@code verification.json} stay; its tree is gone and its blobs are no longer live for the
 * store collection.
 *
 * @param namedBy {@code model:version} of every model version whose lineage names it
 */
public record Tombstone(String dataset, String version, Instant deletedAt, String by, String reason,
                        List<String> namedBy) {

    public Tombstone {
        namedBy = namedBy == null ? List.of() : List.copyOf(namedBy);
    }

    public static String key(String dataset, String version) {
        return StoreKeys.tombstone(dataset, version);
    }

    static Tombstone of(DatasetVersion version, Deletion deletion) {
        return new Tombstone(version.dataset(), version.version(), deletion.at(), deletion.by(), deletion.reason(),
                deletion.namedBy());
    }

    Deletion deletion() {
        return new Deletion(deletedAt, by, reason, true, namedBy);
    }
}
