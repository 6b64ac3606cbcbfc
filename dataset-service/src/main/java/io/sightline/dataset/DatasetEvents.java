package io.sightline.dataset;

import io.sightline.events.DatasetDeleted;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;

/** Where the domain announces outcomes; the messaging adapter sends them to Kafka. */
public interface DatasetEvents {

    /** A version was published. */
    void split(DatasetSplit event);

    /** An import was refused. */
    void rejected(DatasetRejected event);

    /** A version, or a whole dataset, was deleted. */
    void deleted(DatasetDeleted event);
}
