package io.sightline.dataset;

import io.sightline.events.DatasetDeleted;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.OutboxGuard;
import java.io.IOException;

/** Where the domain announces outcomes; the messaging adapter sends them to Kafka. */
public interface DatasetEvents {

    /**
     * A split to be sent once the version that {@code guard} names has committed: recorded now, before the commit,
     * so that a crash between the commit and the send loses nothing (the messaging adapter keeps it in the store's
     * outbox). This default, for adapters without an outbox, sends on {@link Announcement#send()}.
     */
    default Announcement splitOnCommit(DatasetSplit event, OutboxGuard guard) throws IOException {
        return Announcement.deliveredBy(() -> split(event));
    }

    /** A version was published. */
    void split(DatasetSplit event);

    /** An import was refused. */
    void rejected(DatasetRejected event);

    /** A version, or a whole dataset, was deleted. */
    void deleted(DatasetDeleted event);

    /**
     * A deletion to be sent once the journal entry that {@code guard} names holds its deleted state: recorded before
     * the delete, as {@link #splitOnCommit} is before a publish. This default sends on {@link Announcement#send()}.
     */
    default Announcement deletedOnCommit(DatasetDeleted event, OutboxGuard guard) throws IOException {
        return Announcement.deliveredBy(() -> deleted(event));
    }
}
