package io.sightline.trainer.deadletter;

import java.util.List;

/**
 * A dead-letter topic of this service and the records it holds.
 *
 * @param topic       the dead-letter topic
 * @param sourceTopic the topic whose unprocessable records it takes (where a replay writes)
 * @param exists      false while the broker has no such topic (nothing was dead-lettered, or it is not created)
 * @param records     records held, summed over the partitions
 * @param partitions  per partition: its first and next offsets and the records between them
 */
public record DeadLetterTopic(String topic, String sourceTopic, boolean exists, long records,
                              List<PartitionRecords> partitions) {

    /**
     * @param firstOffset the oldest offset still held
     * @param endOffset   the offset the next record will get
     * @param records     {@code endOffset - firstOffset}
     */
    public record PartitionRecords(int partition, long firstOffset, long endOffset, long records) {
    }
}
