package io.sightline.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dataset version was split, verified and published; its manifest is in the store.
 *
 * @param eventId      unique per event; consumers ignore an id they have seen
 * @param dataset      dataset name (the record key)
 * @param version      version id within the dataset
 * @param digest       SHA-256 of the manifest content: the same content always has the same digest
 * @param manifestKey  store key of {@code manifest.json}
 * @param classes      class names, sorted; a class's index is its label
 * @param counts       per class, images per split
 * @param testRatio    requested test share per class
 * @param validationRatio requested validation share per class
 * @param seed         split seed
 * @param splitAt      when the version became visible
 */
public record DatasetSplit(
        String eventId,
        String dataset,
        String version,
        String digest,
        String manifestKey,
        List<String> classes,
        Map<String, SplitCounts> counts,
        double testRatio,
        double validationRatio,
        long seed,
        Instant splitAt) {

    public static final String TYPE = EventTypes.DATASET_SPLIT;
}
