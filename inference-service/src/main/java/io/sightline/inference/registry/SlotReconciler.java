package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.inference.InferenceMetrics;
import org.jboss.logging.Logger;

/**
 * Brings a model's slot to its latest promotion, on the loader thread: nothing to do, or load, warm up and
 * swap. A failed load leaves the previous version serving; when none serves, the model falls back to the
 * store's champion at once.
 */
final class SlotReconciler {

    private static final Logger LOG = Logger.getLogger(SlotReconciler.class);

    private final ModelSlots slots;
    private final VersionLoader versions;
    private final ChampionFallback fallback;
    private final InferenceMetrics metrics;
    private final Residency residency;

    SlotReconciler(ModelSlots slots, VersionLoader versions, ChampionFallback fallback, InferenceMetrics metrics,
                   Residency residency) {
        this.residency = residency;
        this.slots = slots;
        this.versions = versions;
        this.fallback = fallback;
        this.metrics = metrics;
    }

    void reconcile(ModelSlot slot) {
        synchronized (slot.loadLock) {
            ModelPromoted target = slot.desired;
            if (slots.closed() || target == slot.settled || slot.unloaded || slot.dormant) {
                return; // an earlier task has already taken care of this promotion, or it was unloaded since
            }
            ServedModel current = slot.serving.get();
            if (current != null && current.serves(target)) {
                slot.settled = target;
                LOG.infof("model %s version %s already serves", target.model(), target.version());
                return;
            }
            long start = System.nanoTime();
            try {
                long bytes = residency.makeRoom(slot, target);
                if (bytes < 0) {
                    return; // no room: dormant again, a waiting request asks again
                }
                ServedModel fresh = versions.load(target);
                residency.installed(slot, bytes); // counted before requests can see it
                install(slot, target, fresh, System.nanoTime() - start);
            } catch (Exception | Error e) {
                boolean fallBack = current == null && !slots.closed() && !(e instanceof VirtualMachineError);
                if (fallBack) {
                    fallback.claim(slot.model); // before the failure settles it: readiness waits for the fallback
                }
                recordFailure(slot, target, e);
                if (e instanceof VirtualMachineError error) {
                    throw error;
                }
                if (fallBack) {
                    fallback.run(slot.model, "its promotion " + target.eventId() + " (version " + target.version()
                            + ") failed to load");
                }
            }
        }
    }

    /** Called holding the slot's load lock. */
    private void install(ModelSlot slot, ModelPromoted target, ServedModel fresh, long nanos) {
        if (slots.closed()) {
            fresh.release();
            return;
        }
        ServedModel previous = slot.serving.getAndSet(fresh);
        slot.settled = target;
        metrics.loaded(target.model(), nanos);
        metrics.serving(target.model(), target.version());
        if (previous != null) {
            previous.release(); // closes now, or when its last running request finishes
            LOG.infof("model %s now serves version %s (was %s), loaded in %.0f ms", target.model(),
                    target.version(), previous.version(), nanos / 1e6);
        } else {
            LOG.infof("model %s now serves version %s, loaded in %.0f ms", target.model(), target.version(),
                    nanos / 1e6);
        }
    }

    private void recordFailure(ModelSlot slot, ModelPromoted target, Throwable e) {
        slot.failed(versions.failure(target.version(), e));
        slot.settled = target;
        metrics.loadFailed(target.model());
        ServedModel current = slot.serving.get();
        LOG.errorf(e, "model %s version %s failed to load; %s", target.model(), target.version(),
                current == null ? "no version of it serves" : "version " + current.version() + " keeps serving");
    }
}
