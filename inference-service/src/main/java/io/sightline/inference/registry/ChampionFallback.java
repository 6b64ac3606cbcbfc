package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.inference.InferenceMetrics;
import io.sightline.storage.StoreKeys;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Serves the champion the store records ({@link StoredChampions}) for a model whose registry record cannot
 * be used, when no version of it serves here. On a compacted topic the bad record may be the only one left
 * for the model, so a fresh instance would otherwise never serve it. The fallback only ever fills an empty
 * slot: it never replaces a serving version, and the next promotion of the model swaps as usual.
 *
 * <p>Runs on the loader thread, one load per model at a time like {@link SlotReconciler}. Never throws for a
 * store or load problem: it logs, counts, and the model stays as it was, so readiness is not held up.
 */
final class ChampionFallback {

    private static final Logger LOG = Logger.getLogger(ChampionFallback.class);

    private final ModelSlots slots;
    private final VersionLoader versions;
    private final StoredChampions champions;
    private final InferenceMetrics metrics;
    /** Models whose fallback is scheduled or running; readiness waits for them. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    ChampionFallback(ModelSlots slots, VersionLoader versions, StoredChampions champions, InferenceMetrics metrics) {
        this.slots = slots;
        this.versions = versions;
        this.champions = champions;
        this.metrics = metrics;
    }

    /** The model an unusable record is about: the payload's model if valid and agreeing with the key, else the key. */
    static String modelOf(String key, ModelPromoted payload) {
        return payload != null && StoreKeys.isValidName(payload.model())
                && (key == null || key.equals(payload.model())) ? payload.model() : key;
    }

    /** Whether a model would be served by nothing but a stored champion. */
    boolean needed(String model) {
        ModelSlot slot = slots.get(model);
        return slot == null || slot.emptyAndSettled();
    }

    /**
     * Marks a fallback of the model as pending until {@link #run} ends.
     *
     * @return false when one already is: a burst of bad records then reads the store once
     */
    boolean claim(String model) {
        return pending.add(model);
    }

    /** Models whose fallback has not ended yet (served, or found nothing usable). */
    Set<String> pending() {
        return Collections.unmodifiableSet(pending);
    }

    /** Falls back to the store's champion of a model, unless something serves it by now; ends its claim. */
    void run(String model, String why) {
        try {
            ModelSlot slot = slots.get(model);
            if (slot == null) {
                serveChampion(model, why);
            } else {
                synchronized (slot.loadLock) {
                    serveChampion(model, why);
                }
            }
        } finally {
            pending.remove(model);
        }
    }

    /** Called holding the model's load lock when it has a slot. */
    private void serveChampion(String model, String why) {
        if (slots.closed() || !needed(model)) {
            metrics.championFallback("superseded");
            return;
        }
        ModelPromoted champion;
        try {
            champion = champions.champion(model).orElse(null);
        } catch (Exception e) {
            LOG.warnf(e, "model %s: %s; the store's champion could not be read either, so no version of it serves"
                    + " until a usable promotion arrives", model, why);
            metrics.championFallback("store_error");
            return;
        }
        if (champion == null) {
            LOG.warnf("model %s: %s; the store records no champion for it, so no version of it serves until a"
                    + " usable promotion arrives", model, why);
            metrics.championFallback("no_champion");
            return;
        }
        ModelSlot slot = slots.get(model);
        ModelPromoted failed = slot == null ? null : slot.settled;
        if (failed != null && failed.version().equals(champion.version())
                && failed.artifactKey().equals(champion.artifactKey())) {
            LOG.warnf("model %s: %s; the store's champion is that same version %s, so no version of it serves"
                    + " until a usable promotion arrives", model, why, champion.version());
            metrics.championFallback("unusable");
            return;
        }
        long start = System.nanoTime();
        try {
            install(model, champion, versions.load(champion), System.nanoTime() - start, why);
        } catch (Exception | Error e) {
            if (slot != null) {
                slot.failed(versions.failure(champion.version(), e));
            }
            metrics.loadFailed(model);
            metrics.championFallback("unusable");
            LOG.errorf(e, "model %s: %s; the store's champion, version %s, failed to load too, so no version of it"
                    + " serves until a usable promotion arrives", model, why, champion.version());
            if (e instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }

    private void install(String model, ModelPromoted champion, ServedModel fresh, long nanos, String why) {
        // a model first heard of through an unusable record gets its slot only now: until a version serves it
        // stays unknown (404), as it was; a slot created meanwhile by a promotion keeps that promotion
        ModelSlot slot = slots.computeIfAbsent(model, m -> new ModelSlot(m, champion));
        synchronized (slot.loadLock) {
            if (slots.closed() || slot.unloaded || slot.serving.get() != null) {
                fresh.release(); // something serves by now: the fallback never replaces a version
                metrics.championFallback("superseded");
                return;
            }
            slot.serving.set(fresh);
            metrics.loaded(model, nanos);
            metrics.serving(model, champion.version());
            metrics.championFallback("served");
            LOG.warnf("model %s now serves version %s from the store's champion.json, because %s; loaded in %.0f ms."
                    + " The next promotion of the model replaces it as usual", model, champion.version(), why, nanos / 1e6);
        }
    }
}
