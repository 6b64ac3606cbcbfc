package io.sightline.inference.registry;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The registry's slots by model name, shared by the registry, its reconciler and its champion fallback,
 * and whether the registry has closed: after that, loads still queued must not install anything.
 */
final class ModelSlots {

    private final ConcurrentMap<String, ModelSlot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The slot of a model, {@code null} when it has none (also for a {@code null} name). */
    ModelSlot get(String model) {
        return model == null ? null : slots.get(model);
    }

    ModelSlot computeIfAbsent(String model, Function<String, ModelSlot> create) {
        return slots.computeIfAbsent(model, create);
    }

    /** Forgets a model's slot, if it is still this one. */
    void remove(String model, ModelSlot slot) {
        slots.remove(model, slot);
    }

    Collection<ModelSlot> all() {
        return slots.values();
    }

    Set<String> models() {
        return slots.keySet();
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
    }
}
