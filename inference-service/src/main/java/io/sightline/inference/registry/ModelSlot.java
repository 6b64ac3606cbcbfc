package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One model's place in the registry: the promotion it should serve, the one last decided, the version that
 * serves, and its failures. Promotions arrive on the consumer's thread while loads run on the loader thread,
 * hence the volatile fields and the two locks: the slot's monitor guards writes of {@link #desired} and
 * {@link #unloaded}; {@link #loadLock} keeps to one load or swap of the model at a time.
 */
final class ModelSlot {

    final String model;
    /** Held while loading and swapping: one load per model at a time. */
    final Object loadLock = new Object();
    final AtomicReference<ServedModel> serving = new AtomicReference<>();
    /** The latest promotion seen; guarded by the slot's monitor for writes. */
    volatile ModelPromoted desired;
    /** The latest promotion whose load was decided: loaded, already serving, or failed. */
    volatile ModelPromoted settled;
    volatile LoadFailure lastError;
    volatile long failedLoads;
    /** Unloaded on request: nothing serves and nothing loads until the next promotion or load. */
    volatile boolean unloaded;
    /** Not resident under the memory budget (not loaded yet, or evicted): the next request loads it. */
    volatile boolean dormant;

    ModelSlot(String model) {
        this.model = model;
    }

    /** A slot that starts from a champion found in the store, already decided. */
    ModelSlot(String model, ModelPromoted champion) {
        this.model = model;
        this.desired = champion;
        this.settled = champion;
    }

    /** Whether its latest promotion is still to be loaded or to fail (an unloaded model waits for nothing). */
    boolean pending() {
        return desired != settled && !unloaded && !dormant;
    }

    /**
     * Whether nothing serves it, it was not unloaded on request, and no promotion of it is still to be
     * decided (that one's own failure falls back): then only a stored champion could serve it.
     */
    boolean emptyAndSettled() {
        return serving.get() == null && !unloaded && desired == settled;
    }

    void failed(LoadFailure failure) {
        lastError = failure;
        failedLoads++;
    }

    /** Why a request finds no version to lease, for its 503. */
    String whyNotLoaded() {
        if (unloaded) {
            return "it was unloaded on request; a new promotion or a load brings it back";
        }
        ModelPromoted wanted = desired;
        LoadFailure failure = lastError;
        if (dormant) {
            return "it is not resident under this replica's memory budget; a request loads it";
        }
        if (wanted == null) {
            return "its first promotion is being registered"; // the slot exists a moment before its promotion
        }
        if (wanted == settled && failure != null) {
            return "version " + failure.version() + " failed to load: " + failure.message();
        }
        return "version " + wanted.version() + " is loading";
    }

    ModelStatus status() {
        ModelPromoted wanted = desired;
        ModelPromoted decided = settled;
        ServedModel served = serving.get();
        ModelState state;
        if (unloaded) {
            state = ModelState.UNLOADED;
        } else if (dormant && served == null) {
            state = ModelState.NOT_RESIDENT;
        } else if (wanted == null || wanted != decided) {
            state = ModelState.LOADING;
        } else if (served != null && served.serves(wanted)) {
            state = ModelState.SERVING;
        } else {
            state = ModelState.FAILED;
        }
        return new ModelStatus(model, state, wanted,
                served == null ? null : served.version(),
                served == null ? null : served.loadedAt(),
                served == null ? List.of() : served.signature().classes(),
                lastError, failedLoads, served == null ? null : served.signature().names());
    }
}
