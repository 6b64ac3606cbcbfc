package io.sightline.trainer.deadletter;

import java.util.List;

/**
 * Which records of a dead-letter topic to replay: {@code offsets} of one partition, or {@code all} of one partition
 * or of every partition.
 *
 * @param partition the partition; may be left out when the topic has one
 * @param offsets   the records' offsets
 * @param all       every record held (of {@code partition} when given)
 */
public record ReplayRequest(Integer partition, List<Long> offsets, Boolean all) {
}
