package io.sightline.inference.residency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A replica's memory budget for loaded models: what is resident, how many bytes each takes, and which was used
 * least recently. Only accounting; the registry evicts what {@link #victims} names. The bytes are estimates (the
 * artefact's parameters × a factor), so the budget bounds the models' share of memory, not the process's RSS.
 */
public final class MemoryBudget {

    private final long limit;
    /** Guarded by {@code this}. */
    private final Map<String, Long> resident = new HashMap<>();
    private long residentBytes;
    /** A logical clock: each use of a model takes the next tick, so the order of uses is exact and cheap. */
    private final AtomicLong ticks = new AtomicLong();
    private final ConcurrentMap<String, Long> lastUse = new ConcurrentHashMap<>();

    /** @param limit bytes all resident models may take; {@link Long#MAX_VALUE} for no bound */
    public MemoryBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + limit);
        }
        this.limit = limit;
    }

    public static MemoryBudget unbounded() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    public boolean bounded() {
        return limit != Long.MAX_VALUE;
    }

    public long limit() {
        return limit;
    }

    /** A request used the model: it becomes the most recently used. On the request path, so lock-free. */
    public void touch(String model) {
        lastUse.put(model, ticks.incrementAndGet());
    }

    /**
     * What to evict, least recently used first, so that {@code model} fits with {@code bytes} (replacing its own
     * resident bytes, if any: a new version of a resident model takes the old one's place).
     *
     * @param busy models that must stay (a request holds them); the model itself is never a victim
     * @return the victims (empty when it fits already), or empty when even evicting every idle model leaves no room
     */
    public synchronized Optional<List<String>> victims(String model, long bytes, Predicate<String> busy) {
        long needed = residentBytes - resident.getOrDefault(model, 0L) + bytes - limit;
        if (needed <= 0) {
            return Optional.of(List.of());
        }
        List<String> candidates = new ArrayList<>();
        for (String other : resident.keySet()) {
            if (!other.equals(model)) {
                candidates.add(other);
            }
        }
        candidates.sort(Comparator.comparingLong(other -> lastUse.getOrDefault(other, 0L)));
        List<String> victims = new ArrayList<>();
        for (String other : candidates) {
            if (needed <= 0) {
                break;
            }
            if (!busy.test(other)) {
                victims.add(other);
                needed -= resident.get(other);
            }
        }
        return needed <= 0 ? Optional.of(List.copyOf(victims)) : Optional.empty();
    }

    /** The model is resident with these bytes now (replacing what it had). */
    public synchronized void admit(String model, long bytes) {
        Long before = resident.put(model, bytes);
        residentBytes += bytes - (before == null ? 0 : before);
        lastUse.putIfAbsent(model, ticks.incrementAndGet());
    }

    /** The model is no longer resident (evicted, unloaded, deleted). */
    public synchronized void release(String model) {
        Long before = resident.remove(model);
        if (before != null) {
            residentBytes -= before;
        }
    }

    public synchronized long residentBytes() {
        return residentBytes;
    }

    public synchronized boolean resident(String model) {
        return resident.containsKey(model);
    }

    public synchronized int residentModels() {
        return resident.size();
    }
}
