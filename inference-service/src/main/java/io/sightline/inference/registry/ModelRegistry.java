package io.sightline.inference.registry;

import io.sightline.events.ModelLabels;
import io.sightline.events.ModelPromoted;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.UnknownModelException;
import io.sightline.storage.StoreKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Which version of each model serves. Fed with promotions in topic order ({@link #promoted}); the latest
 * promotion per model wins, even when it names an older version (a rollback).
 *
 * <p>Loading happens on the {@code loads} executor, never on the caller's thread: load, warm up, then
 * swap atomically. Requests hold a {@link ModelLease}, so the replaced version is closed only once the
 * last request using it has finished; no request fails because of a swap. A version that fails to load
 * leaves the previous one serving and is reported by {@link #status}.
 *
 * <p>Promotions coalesce: a load task always loads the latest promotion seen when it runs, so replaying
 * a topic with ten promotions of one model loads far fewer than ten versions. Re-promoting the version
 * that already serves, or receiving the same event again, changes nothing.
 *
 * <p>Fallback to the store: when a model's record cannot be used ({@link #unusable}, or its promotion fails
 * to load) and no version of the model serves here, the registry loads the champion the store records
 * ({@link StoredChampions}) instead, through {@link ChampionFallback}.
 *
 * <p>Placement and memory budget ({@link ResidencyPolicy}, decision 104): promotions of models outside the
 * selection are not loaded and their requests answer 404; under a budget, a model loads on its first request, which
 * waits for it (bounded), and the least recently used idle model is evicted to make room ({@link Residency}).
 *
 * <p>Loads and swaps are {@link SlotReconciler}'s, on the {@code loads} executor; loading and warming up one
 * version is {@link VersionLoader}'s. Built with {@link #builder()}.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Executor loads;
    private final InferenceMetrics metrics;
    private final Clock clock;
    private final ModelSlots slots = new ModelSlots();
    private final ChampionFallback fallback;
    private final SlotReconciler reconciler;
    private final Residency residency;

    ModelRegistry(Executor loads, InferenceMetrics metrics, VersionLoader versions, StoredChampions champions,
                  Clock clock, ResidencyPolicy residencyPolicy) {
        this.loads = loads;
        this.metrics = metrics;
        this.clock = clock;
        this.residency = new Residency(residencyPolicy, slots, metrics);
        this.fallback = new ChampionFallback(slots, versions, champions, metrics);
        this.reconciler = new SlotReconciler(slots, versions, fallback, metrics, residency);
    }

    public static ModelRegistryBuilder builder() {
        return new ModelRegistryBuilder();
    }

    /**
     * Records a promotion and schedules its load; returns at once. Promotions with no usable model name,
     * version or artefact key are logged, counted and ignored (they would block nothing, and there is
     * nothing to load).
     *
     * @return whether the promotion was usable (a repeat of the latest one counts as usable)
     */
    public boolean promoted(ModelPromoted promotion) {
        String problem = problemWith(promotion);
        if (problem != null) {
            LOG.warnf("ignoring promotion %s: %s", promotion, problem);
            metrics.promotionIgnored("invalid");
            return false;
        }
        if (!residency.selects(promotion.model(), promotion.labels())) {
            LOG.debugf("model %s is not placed here; its promotion is not loaded", promotion.model());
            unplace(promotion.model());
            return true;
        }
        ModelSlot slot = slots.computeIfAbsent(promotion.model(), ModelSlot::new);
        boolean lazy;
        synchronized (slot) {
            ModelPromoted latest = slot.desired;
            if (latest != null && promotion.eventId() != null && promotion.eventId().equals(latest.eventId())) {
                return true; // the same event delivered again
            }
            lazy = residency.loadsLazily(slot);
            slot.dormant = lazy;
            slot.desired = promotion;
            slot.unloaded = false;
        }
        LOG.infof("model %s version %s promoted (event %s)%s", promotion.model(), promotion.version(),
                promotion.eventId(), lazy ? "; it loads on its first request" : "");
        if (!lazy) {
            schedule(slot);
        }
        return true;
    }

    /**
     * A registry record could not be used: unreadable, or a promotion lacking a usable field. When this
     * instance serves no version of the model, the store's champion is loaded in the background instead
     * (see the class doc); when it serves one, nothing changes. Returns at once.
     *
     * @param key     the record's key, which names the model; may be {@code null}
     * @param payload the record's payload when it could be read, else {@code null}
     * @param record  which record it was and what was wrong with it, for the log
     */
    public void unusable(String key, ModelPromoted payload, String record) {
        String model = ChampionFallback.modelOf(key, payload);
        if (!StoreKeys.isValidName(model) || slots.closed() || !residency.selects(model) || !fallback.needed(model)) {
            return;
        }
        if (fallback.claim(model)) {
            schedule(() -> fallback.run(model, record));
        }
    }

    /**
     * Loads a model again by hand: its latest promotion when {@code version} is {@code null} (after an
     * unload, or to retry a failed load), else the named version from the store. Local to this instance
     * and until the next promotion of the model arrives; returns at once, the load runs in the background.
     *
     * @throws UnknownModelException when no version is named and the model was never promoted
     * @throws InvalidInputException when the model name or version is not a valid store name
     */
    public void load(String model, String version) throws UnknownModelException, InvalidInputException {
        if (model != null && !residency.selects(model) && slots.get(model) == null) {
            throw residency.notPlaced(model);
        }
        if (version == null) {
            ModelSlot slot = slots.get(model);
            if (slot == null) {
                throw new UnknownModelException(model);
            }
            synchronized (slot) {
                slot.unloaded = false;
                slot.settled = null; // undecided again (before waking it, as Residency.demand does)
                slot.dormant = false;
            }
            LOG.infof("model %s: reload of version %s requested", model, slot.desired.version());
            schedule(slot);
            return;
        }
        if (!StoreKeys.isValidName(model) || !StoreKeys.isValidName(version)) {
            throw new InvalidInputException("invalid model name or version: " + model + ", " + version);
        }
        promoted(ModelPromoted.withoutDataset("admin-" + UUID.randomUUID(), model, version,
                StoreKeys.modelVersion(model, version), "admin-load", 0, clock.instant()));
    }

    /**
     * Stops serving a model on this instance: requests answer 503 until the next promotion or
     * {@link #load}. Requests already running finish on the version they hold.
     */
    public void unload(String model) throws UnknownModelException {
        ModelSlot slot = slots.get(model);
        if (slot == null) {
            throw new UnknownModelException(model);
        }
        synchronized (slot.loadLock) {
            synchronized (slot) {
                slot.unloaded = true;
            }
            ServedModel served = slot.serving.getAndSet(null);
            residency.forget(model);
            if (served != null) {
                metrics.serving(model, null);
                served.release();
                LOG.infof("model %s version %s unloaded by request", model, served.version());
            }
        }
    }

    /**
     * A model version, or the whole model ({@code version} null), was deleted from the store. When that is what this
     * instance serves or wants to serve, the model is forgotten here (requests answer 404 until a promotion of it
     * arrives; running requests finish on the version they hold), then the store's champion, if it still records
     * one, is served instead: on the compacted topic the delete may be the model's only record left.
     *
     * @return whether this instance stopped serving the model
     */
    public boolean deleted(String model, String version) {
        ModelSlot slot = slots.get(model);
        if (slot == null || !StoreKeys.isValidName(model)) {
            return false;
        }
        synchronized (slot.loadLock) {
            ServedModel current = slot.serving.get();
            synchronized (slot) {
                boolean hit = version == null
                        || slot.desired != null && version.equals(slot.desired.version())
                        || current != null && version.equals(current.version());
                if (!hit) {
                    return false;
                }
                slot.unloaded = true; // a load still queued for it installs nothing
            }
            slots.remove(model, slot);
            ServedModel served = slot.serving.getAndSet(null);
            residency.forget(model);
            metrics.serving(model, null);
            if (served != null) {
                served.release();
            }
            LOG.infof("model %s: %s deleted; no longer served here", model,
                    version == null ? "every version" : "version " + version);
        }
        if (fallback.claim(model)) {
            schedule(() -> fallback.run(model, "its version " + version + " was deleted"));
        }
        return true;
    }

    /**
     * A model's latest promotion no longer selects it here (its labels changed): it is forgotten, as a deleted one,
     * and its requests answer 404 "not served by this deployment"; running requests finish on what they hold.
     */
    private void unplace(String model) {
        ModelSlot slot = slots.get(model);
        if (slot == null) {
            return;
        }
        synchronized (slot.loadLock) {
            synchronized (slot) {
                slot.unloaded = true; // a load still queued for it installs nothing
            }
            slots.remove(model, slot);
            ServedModel served = slot.serving.getAndSet(null);
            residency.forget(model);
            metrics.serving(model, null);
            if (served != null) {
                served.release();
                LOG.infof("model %s: its latest promotion is not placed here; version %s unloaded", model,
                        served.version());
            }
        }
    }

    private void schedule(ModelSlot slot) {
        schedule(() -> reconciler.reconcile(slot));
    }

    private void schedule(Runnable task) {
        try {
            loads.execute(task);
        } catch (RejectedExecutionException e) {
            if (!slots.closed()) {
                throw e;
            }
        }
    }

    private static String problemWith(ModelPromoted promotion) {
        if (promotion == null) {
            return "no payload";
        }
        if (!StoreKeys.isValidName(promotion.model())) {
            return "invalid model name";
        }
        if (promotion.version() == null || promotion.version().isBlank()) {
            return "no version";
        }
        if (promotion.artifactKey() == null || promotion.artifactKey().isBlank()) {
            return "no artifact key";
        }
        String labels = ModelLabels.problem(promotion.labels());
        if (labels != null) {
            return labels;
        }
        return PromotionChecks.foreignArtifact(promotion);
    }

    /**
     * Leases the serving version of a model. Close the lease when done with it.
     *
     * @throws UnknownModelException   when the model was never promoted
     * @throws ModelNotLoadedException when it was, but no version of it is loaded
     */
    public ModelLease acquire(String model) throws UnknownModelException, ModelNotLoadedException {
        ModelSlot slot = slots.get(model);
        if (slot == null) {
            throw model != null && !residency.selects(model) ? residency.notPlaced(model)
                    : new UnknownModelException(model);
        }
        residency.touch(model);
        while (true) {
            ServedModel served = slot.serving.get();
            if (served == null) {
                if (residency.waitsFor(slot)) {
                    return new ModelLease(residency.await(slot, this::schedule));
                }
                throw new ModelNotLoadedException(model, slot.whyNotLoaded());
            }
            if (served.tryRetain()) {
                return new ModelLease(served);
            }
            // it was swapped out and closed between the read and the retain: the slot holds a newer one
        }
    }

    /** Whether a model of this name was ever promoted. */
    public boolean knows(String model) {
        return slots.get(model) != null;
    }

    /** The version that serves a model now, without leasing it (for inspection; do not classify with it). */
    public Optional<ServedModel> serving(String model) {
        ModelSlot slot = slots.get(model);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.serving.get());
    }

    /** One model's status. */
    public Optional<ModelStatus> status(String model) {
        ModelSlot slot = slots.get(model);
        return slot == null ? Optional.empty() : Optional.of(slot.status());
    }

    /** Every model's status, by name. */
    public List<ModelStatus> status() {
        List<ModelStatus> all = new ArrayList<>();
        for (ModelSlot slot : slots.all()) {
            all.add(slot.status());
        }
        all.sort(Comparator.comparing(ModelStatus::model));
        return all;
    }

    /**
     * Models whose latest promotion has not been dealt with yet (neither loaded nor failed), and models
     * whose fallback to the stored champion has not finished (served, or found nothing usable).
     */
    public List<String> pending() {
        return Stream.concat(slots.all().stream().filter(ModelSlot::pending).map(slot -> slot.model),
                        fallback.pending().stream())
                .distinct()
                .sorted()
                .toList();
    }

    /** Stops serving: every version closes once its running requests finish; later loads are dropped. */
    @Override
    public void close() {
        slots.close();
        for (ModelSlot slot : slots.all()) {
            synchronized (slot.loadLock) {
                ServedModel served = slot.serving.getAndSet(null);
                if (served != null) {
                    metrics.serving(slot.model, null);
                    served.release();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry" + slots.models();
    }
}
