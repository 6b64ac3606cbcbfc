package io.sightline.inference.readiness;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether the registry consumer has read its topic up to where the topic ended when the consumer got its
 * partitions. Until then the registry may still be about to learn of promotions, so the service is not
 * ready. Once caught up it stays caught up: later promotions are news, not backlog.
 *
 * <p>Partitions and offsets are plain numbers here; the messaging layer reports them.
 */
public final class TopicCatchUp {

    /** Partition → end offset (the offset the next record will get) when it was assigned. */
    private final Map<Integer, Long> ends = new HashMap<>();
    /** Partition → offset of the next record to read. */
    private final Map<Integer, Long> next = new HashMap<>();
    private boolean assigned;
    private volatile boolean caughtUp;

    /**
     * The consumer got partitions.
     *
     * @param startPositions partition → offset it starts reading at (after compaction or retention
     *                       this can be above 0, and equal to the end for a partition with nothing left)
     * @param endOffsets     partition → end offset at this moment
     */
    public synchronized void assigned(Map<Integer, Long> startPositions, Map<Integer, Long> endOffsets) {
        if (caughtUp) {
            return;
        }
        ends.putAll(endOffsets);
        startPositions.forEach((partition, position) -> next.merge(partition, position, Math::max));
        assigned = true;
        evaluate();
    }

    /** A record was read (whatever its content). */
    public synchronized void processed(int partition, long offset) {
        if (caughtUp) {
            return;
        }
        next.merge(partition, offset + 1, Math::max);
        evaluate();
    }

    private void evaluate() {
        caughtUp = assigned && ends.entrySet().stream()
                .allMatch(end -> next.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records still to read before catching up, summed over partitions; for humans. */
    public synchronized long behind() {
        return ends.entrySet().stream()
                .mapToLong(end -> Math.max(0, end.getValue() - next.getOrDefault(end.getKey(), 0L)))
                .sum();
    }

    /** Whether partitions were assigned yet. */
    public synchronized boolean assigned() {
        return assigned;
    }
}
