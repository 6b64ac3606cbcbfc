package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.residency.MemoryBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Applies a {@link ResidencyPolicy} to the registry's slots: which promotions are placed here, which load lazily,
 * room made before a load by evicting the least recently used idle model, and requests waiting (bounded) for an
 * on-demand load. An evicted model keeps its slot (its promotion is remembered), marked {@link ModelSlot#dormant};
 * the next request loads it again.
 */
final class Residency {

    private static final Logger LOG = Logger.getLogger(Residency.class);
    /** How often a waiting request asks again for a load that found no room. */
    private static final long REDEMAND_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ResidencyPolicy policy;
    private final MemoryBudget budget;
    private final ModelSlots slots;
    private final InferenceMetrics metrics;

    Residency(ResidencyPolicy policy, ModelSlots slots, InferenceMetrics metrics) {
        this.policy = policy;
        this.budget = policy.budget();
        this.slots = slots;
        this.metrics = metrics;
    }

    boolean selects(String model) {
        return policy.selection().selects(model);
    }

    /** By the model's name, or by the labels of its promotion (decision 108). */
    boolean selects(String model, Map<String, String> labels) {
        return policy.selection().selects(model, labels);
    }

    /** The 404 of a model another deployment serves. */
    UnknownModelException notPlaced(String model) {
        return new UnknownModelException(model, "model " + model + " is not served by this deployment (it serves: "
                + policy.selection() + "); ask the inference pool that serves it");
    }

    /** Whether a promotion should wait for a request rather than load now. Called holding the slot's monitor. */
    boolean loadsLazily(ModelSlot slot) {
        return budget.bounded() && !policy.pinned().contains(slot.model) && slot.serving.get() == null
                && (slot.dormant || slot.desired == null);
    }

    /** Whether a request that finds nothing serving should wait for a load rather than answer 503 at once. */
    boolean waitsFor(ModelSlot slot) {
        return budget.bounded() && !slot.unloaded && (slot.dormant || slot.pending());
    }

    void touch(String model) {
        if (budget.bounded()) {
            budget.touch(model);
        }
    }

    /**
     * Makes room for a version about to load, on the loader thread holding the slot's load lock.
     *
     * @return its estimated bytes, or -1 when every other resident model is busy: the slot goes back to dormant
     * and a waiting request asks again
     */
    long makeRoom(ModelSlot slot, ModelPromoted target) throws Exception {
        if (!budget.bounded()) {
            return 0;
        }
        long bytes = policy.sizes().bytes(target);
        Optional<List<String>> victims = budget.victims(slot.model, bytes, this::busy);
        if (victims.isEmpty() && slot.serving.get() != null) {
            // a new version of a resident model: swap as always, over the budget by its growth until room frees
            LOG.warnf("model %s: its new version (%d bytes) exceeds the budget while every other model serves",
                    slot.model, bytes);
            return bytes;
        }
        if (victims.isEmpty()) {
            LOG.warnf("model %s (%d bytes) finds no room in the %d-byte budget: every other model is serving",
                    slot.model, bytes, budget.limit());
            policy.metrics().noRoom(slot.model);
            slot.dormant = true;
            return -1;
        }
        for (String victim : victims.get()) {
            ModelSlot other = slots.get(victim);
            if (other != null) {
                evict(other);
            } else {
                budget.release(victim);
            }
        }
        return bytes;
    }

    /** A version of the slot's model now serves, taking {@code bytes}. */
    void installed(ModelSlot slot, long bytes) {
        slot.dormant = false;
        if (budget.bounded()) {
            budget.admit(slot.model, bytes);
            policy.metrics().loaded(slot.model);
        }
    }

    /** The model stopped serving for another reason (unloaded, deleted). */
    void forget(String model) {
        budget.release(model);
    }

    private boolean busy(String model) {
        ModelSlot slot = slots.get(model);
        ServedModel served = slot == null ? null : slot.serving.get();
        return served != null && served.leased();
    }

    /**
     * Stops serving a model to free its bytes. A request that leased it just before keeps its version until it
     * finishes (the lease counts), so no request fails; the next one loads it again.
     */
    private void evict(ModelSlot victim) {
        synchronized (victim) {
            victim.dormant = true;
            victim.settled = victim.desired; // decided: a reload is a new demand, not a pending promotion
        }
        ServedModel served = victim.serving.getAndSet(null);
        budget.release(victim.model);
        if (served != null) {
            metrics.serving(victim.model, null);
            served.release();
            policy.metrics().evicted(victim.model);
            LOG.infof("model %s version %s evicted (least recently used) to make room", victim.model,
                    served.version());
        }
    }

    /**
     * A request's wait for a model that is not resident: asks for its load, then waits for it to serve, at most the
     * policy's load wait.
     *
     * @param schedule queues the slot's reconcile on the loader
     * @return a retained version: the caller wraps it in a lease
     * @throws ModelNotLoadedException when the load fails, the model is unloaded, or the wait runs out (503)
     */
    ServedModel await(ModelSlot slot, Consumer<ModelSlot> schedule) throws ModelNotLoadedException {
        long start = System.nanoTime();
        long deadline = start + policy.loadWait().toNanos();
        long nextDemand = start;
        while (true) {
            ServedModel served = slot.serving.get();
            long now = System.nanoTime();
            if (served != null) {
                if (served.tryRetain()) {
                    policy.metrics().waited(slot.model, "served", Duration.ofNanos(now - start));
                    return served;
                }
            } else if (slot.dormant && now >= nextDemand) {
                demand(slot, schedule);
                nextDemand = now + REDEMAND_NANOS;
            } else if (!slot.dormant && !slot.pending() && slot.serving.get() == null) {
                // serving read again: a load that ended since the read above set it before it settled the slot
                policy.metrics().waited(slot.model, "failed", Duration.ofNanos(now - start));
                throw new ModelNotLoadedException(slot.model, slot.whyNotLoaded());
            }
            if (now >= deadline) {
                policy.metrics().waited(slot.model, "timeout", Duration.ofNanos(now - start));
                throw new ModelNotLoadedException(slot.model, "it is loading into this replica's memory budget and "
                        + "did not serve within " + policy.loadWait().toMillis() + " ms; retry");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static void demand(ModelSlot slot, Consumer<ModelSlot> schedule) {
        synchronized (slot) {
            if (!slot.dormant || slot.unloaded) {
                return;
            }
            // undecided first: a request reading the slot between the two writes then sees it pending, never as a
            // settled slot that serves nothing (which it would answer with 503 at once)
            slot.settled = null;
            slot.dormant = false;
        }
        schedule.accept(slot);
    }
}
