package io.sightline.inference;

import io.sightline.events.ModelPromoted;
import io.sightline.storage.StoreKeys;
import io.sightline.vision.Classifier;
import io.sightline.vision.ImageSignature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
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
 * ({@link StoredChampions}) instead. On a compacted topic the bad record may be the only one left for the
 * model, so a fresh instance would otherwise never serve it. The fallback only ever fills an empty slot:
 * it never replaces a serving version, and the next promotion of the model swaps as usual.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ModelLoader loader;
    private final Executor loads;
    private final InferenceMetrics metrics;
    private final int warmups;
    private final int warmupBatch;
    private final long maxPixels;
    private final Clock clock;
    private final StoredChampions champions;
    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    /** Models whose fallback to the stored champion is scheduled or running; readiness waits for them. */
    private final Set<String> fallbacks = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param loader    loads a promoted version
     * @param loads     runs loads (a single background thread in the service; tests may run them inline)
     * @param metrics   where loads, failures and the serving version are reported
     * @param warmups   inferences on an all-zero input after loading, before the version serves
     * @param maxPixels largest image (width × height) requests may send to the models
     * @param clock     time of loads and failures
     */
    public ModelRegistry(ModelLoader loader, Executor loads, InferenceMetrics metrics, int warmups, long maxPixels,
                         Clock clock) {
        this(loader, loads, metrics, warmups, 1, maxPixels, clock);
    }

    /**
     * As above; {@code warmupBatch} above 1 adds one warm-up pass of that many rows, so that the first
     * full batch after a swap is not the one that pays for PyTorch's first run at that shape.
     */
    public ModelRegistry(ModelLoader loader, Executor loads, InferenceMetrics metrics, int warmups, int warmupBatch,
                         long maxPixels, Clock clock) {
        this(loader, loads, metrics, warmups, warmupBatch, maxPixels, clock, StoredChampions.NONE);
    }

    /** As above; {@code champions} is where a model whose record is unusable falls back to (see the class doc). */
    public ModelRegistry(ModelLoader loader, Executor loads, InferenceMetrics metrics, int warmups, int warmupBatch,
                         long maxPixels, Clock clock, StoredChampions champions) {
        if (warmups < 0 || warmupBatch < 1) {
            throw new IllegalArgumentException("warm-up count must not be negative, got " + warmups);
        }
        this.loader = loader;
        this.loads = loads;
        this.metrics = metrics;
        this.warmups = warmups;
        this.warmupBatch = warmupBatch;
        this.maxPixels = maxPixels;
        this.clock = clock;
        this.champions = champions;
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
        Slot slot = slots.computeIfAbsent(promotion.model(), Slot::new);
        synchronized (slot) {
            ModelPromoted latest = slot.desired;
            if (latest != null && promotion.eventId() != null && promotion.eventId().equals(latest.eventId())) {
                return true; // the same event delivered again
            }
            slot.desired = promotion;
            slot.unloaded = false;
        }
        LOG.infof("model %s version %s promoted (event %s)", promotion.model(), promotion.version(),
                promotion.eventId());
        schedule(slot);
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
        String model = payload != null && StoreKeys.isValidName(payload.model())
                && (key == null || key.equals(payload.model())) ? payload.model() : key;
        if (!StoreKeys.isValidName(model) || closed || !needsChampion(model)) {
            return;
        }
        if (fallbacks.add(model)) { // one pending fallback per model: a burst of bad records reads the store once
            schedule(() -> fallBack(model, record));
        }
    }

    /**
     * Whether a model would be served by nothing but a stored champion: no version serves, it was not
     * unloaded on request, and no promotion of it is still to be decided (that one's own failure falls back).
     */
    private boolean needsChampion(String model) {
        Slot slot = slots.get(model);
        return slot == null || slot.serving.get() == null && !slot.unloaded && slot.desired == slot.settled;
    }

    /** Runs on the loader thread, one load per model at a time like {@link #reconcile}. */
    private void fallBack(String model, String why) {
        try {
            Slot slot = slots.get(model);
            if (slot == null) {
                serveChampion(model, why);
            } else {
                synchronized (slot.loadLock) {
                    serveChampion(model, why);
                }
            }
        } finally {
            fallbacks.remove(model);
        }
    }

    /**
     * Loads, warms up and serves the store's champion of a model that serves nothing. Never throws for a
     * store or load problem: it logs, counts, and the model stays as it was (readiness is not held up).
     * Called on the loader thread, holding the model's load lock when it has a slot.
     */
    private void serveChampion(String model, String why) {
        if (closed || !needsChampion(model)) {
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
        Slot slot = slots.get(model);
        ModelPromoted failed = slot == null ? null : slot.settled;
        if (failed != null && failed.version().equals(champion.version())
                && failed.artifactKey().equals(champion.artifactKey())) {
            LOG.warnf("model %s: %s; the store's champion is that same version %s, so no version of it serves"
                    + " until a usable promotion arrives", model, why, champion.version());
            metrics.championFallback("unusable");
            return;
        }
        long start = System.nanoTime();
        Classifier classifier = null;
        try {
            classifier = loader.load(champion);
            warmUp(classifier);
            ServedModel fresh = new ServedModel(champion, classifier, maxPixels, clock.instant());
            classifier = null; // owned by fresh from here on
            installChampion(model, champion, fresh, System.nanoTime() - start, why);
        } catch (Exception | Error e) {
            if (classifier != null) {
                classifier.close();
            }
            if (slot != null) {
                slot.lastError = new LoadFailure(champion.version(), e.toString(), clock.instant());
                slot.failedLoads++;
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

    private void installChampion(String model, ModelPromoted champion, ServedModel fresh, long nanos, String why) {
        // a model first heard of through an unusable record gets its slot only now: until a version serves it
        // stays unknown (404), as it was; a slot created meanwhile by a promotion keeps that promotion
        Slot slot = slots.computeIfAbsent(model, m -> new Slot(m, champion));
        synchronized (slot.loadLock) {
            if (closed || slot.unloaded || slot.serving.get() != null) {
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

    /**
     * Loads a model again by hand: its latest promotion when {@code version} is {@code null} (after an
     * unload, or to retry a failed load), else the named version from the store. Local to this instance
     * and until the next promotion of the model arrives; returns at once, the load runs in the background.
     *
     * @throws UnknownModelException when no version is named and the model was never promoted
     * @throws InvalidInputException when the model name or version is not a valid store name
     */
    public void load(String model, String version) throws UnknownModelException, InvalidInputException {
        if (version == null) {
            Slot slot = model == null ? null : slots.get(model);
            if (slot == null) {
                throw new UnknownModelException(model);
            }
            synchronized (slot) {
                slot.unloaded = false;
                slot.settled = null; // undecided again: the next reconcile loads unless it already serves
            }
            LOG.infof("model %s: reload of version %s requested", model, slot.desired.version());
            schedule(slot);
            return;
        }
        if (!StoreKeys.isValidName(model) || !StoreKeys.isValidName(version)) {
            throw new InvalidInputException("invalid model name or version: " + model + ", " + version);
        }
        promoted(new ModelPromoted("admin-" + UUID.randomUUID(), model, version,
                StoreKeys.modelVersion(model, version), "admin-load", null, null, 0, clock.instant()));
    }

    /**
     * Stops serving a model on this instance: requests answer 503 until the next promotion or
     * {@link #load}. Requests already running finish on the version they hold.
     */
    public void unload(String model) throws UnknownModelException {
        Slot slot = model == null ? null : slots.get(model);
        if (slot == null) {
            throw new UnknownModelException(model);
        }
        synchronized (slot.loadLock) {
            synchronized (slot) {
                slot.unloaded = true;
            }
            ServedModel served = slot.serving.getAndSet(null);
            if (served != null) {
                metrics.serving(model, null);
                served.release();
                LOG.infof("model %s version %s unloaded by request", model, served.version());
            }
        }
    }

    private void schedule(Slot slot) {
        schedule(() -> reconcile(slot));
    }

    private void schedule(Runnable task) {
        try {
            loads.execute(task);
        } catch (RejectedExecutionException e) {
            if (!closed) {
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
        return null;
    }

    /** Brings a model to its latest promotion: nothing to do, or load, warm up and swap. */
    private void reconcile(Slot slot) {
        synchronized (slot.loadLock) {
            ModelPromoted target = slot.desired;
            if (closed || target == slot.settled || slot.unloaded) {
                return; // an earlier task has already taken care of this promotion, or it was unloaded since
            }
            ServedModel current = slot.serving.get();
            if (current != null && current.serves(target)) {
                slot.settled = target;
                LOG.infof("model %s version %s already serves", target.model(), target.version());
                return;
            }
            long start = System.nanoTime();
            Classifier classifier = null;
            try {
                classifier = loader.load(target);
                warmUp(classifier);
                ServedModel fresh = new ServedModel(target, classifier, maxPixels, clock.instant());
                classifier = null; // owned by fresh from here on
                install(slot, target, fresh, System.nanoTime() - start);
            } catch (Exception | Error e) {
                if (classifier != null) {
                    classifier.close();
                }
                boolean fallBack = current == null && !closed && !(e instanceof VirtualMachineError);
                if (fallBack) {
                    fallbacks.add(slot.model); // before the failure settles it: readiness waits for the fallback
                }
                recordFailure(slot, target, e);
                if (e instanceof VirtualMachineError error) {
                    throw error;
                }
                if (fallBack) {
                    fallBack(slot.model, "its promotion " + target.eventId() + " (version " + target.version()
                            + ") failed to load");
                }
            }
        }
    }

    /**
     * Checks that outputs and class names agree, then runs the warm-up inferences. The check matters:
     * {@link Classifier#probabilities} slices the output by the signature's class count, so a model with
     * more outputs than classes would answer with rows that are silently wrong.
     */
    private void warmUp(Classifier classifier) {
        ImageSignature signature = classifier.signature();
        int outputs = classifier.architecture().classes();
        if (outputs != signature.classes().size()) {
            throw new IllegalStateException("the model gives " + outputs + " scores but its signature names "
                    + signature.classes().size() + " classes");
        }
        List<float[]> zeros = List.of(new float[signature.inputSize()]);
        for (int i = 0; i < warmups; i++) {
            float sum = 0;
            for (float p : classifier.probabilities(zeros)[0]) {
                sum += p;
            }
            if (Math.abs(sum - 1f) > 1e-3f) {
                throw new IllegalStateException("the model's probabilities sum to " + sum + ", not 1: its output"
                        + " does not match the " + signature.classes().size() + " classes of its signature");
            }
        }
        if (warmups > 0 && warmupBatch > 1) {
            classifier.probabilities(Collections.nCopies(warmupBatch, zeros.get(0)));
        }
    }

    /** Called holding the slot's load lock. */
    private void install(Slot slot, ModelPromoted target, ServedModel fresh, long nanos) {
        if (closed) {
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

    private void recordFailure(Slot slot, ModelPromoted target, Throwable e) {
        slot.lastError = new LoadFailure(target.version(), e.toString(), clock.instant());
        slot.failedLoads++;
        slot.settled = target;
        metrics.loadFailed(target.model());
        ServedModel current = slot.serving.get();
        LOG.errorf(e, "model %s version %s failed to load; %s", target.model(), target.version(),
                current == null ? "no version of it serves" : "version " + current.version() + " keeps serving");
    }

    /**
     * Leases the serving version of a model. Close the lease when done with it.
     *
     * @throws UnknownModelException   when the model was never promoted
     * @throws ModelNotLoadedException when it was, but no version of it is loaded
     */
    public ModelLease acquire(String model) throws UnknownModelException, ModelNotLoadedException {
        Slot slot = model == null ? null : slots.get(model);
        if (slot == null) {
            throw new UnknownModelException(model);
        }
        while (true) {
            ServedModel served = slot.serving.get();
            if (served == null) {
                throw new ModelNotLoadedException(model, whyNotLoaded(slot));
            }
            if (served.tryRetain()) {
                return new ModelLease(served);
            }
            // it was swapped out and closed between the read and the retain: the slot holds a newer one
        }
    }

    private static String whyNotLoaded(Slot slot) {
        if (slot.unloaded) {
            return "it was unloaded on request; a new promotion or a load brings it back";
        }
        ModelPromoted desired = slot.desired;
        LoadFailure failure = slot.lastError;
        if (desired == null) {
            return "its first promotion is being registered"; // the slot exists a moment before its promotion
        }
        if (desired == slot.settled && failure != null) {
            return "version " + failure.version() + " failed to load: " + failure.message();
        }
        return "version " + desired.version() + " is loading";
    }

    /** Whether a model of this name was ever promoted. */
    public boolean knows(String model) {
        return model != null && slots.containsKey(model);
    }

    /** The version that serves a model now, without leasing it (for inspection; do not classify with it). */
    public Optional<ServedModel> serving(String model) {
        Slot slot = model == null ? null : slots.get(model);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.serving.get());
    }

    /** One model's status. */
    public Optional<ModelStatus> status(String model) {
        Slot slot = model == null ? null : slots.get(model);
        return slot == null ? Optional.empty() : Optional.of(slot.status());
    }

    /** Every model's status, by name. */
    public List<ModelStatus> status() {
        List<ModelStatus> all = new ArrayList<>();
        for (Slot slot : slots.values()) {
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
        return Stream.concat(slots.values().stream()
                                .filter(slot -> slot.desired != slot.settled && !slot.unloaded)
                                .map(slot -> slot.model),
                        fallbacks.stream())
                .distinct()
                .sorted()
                .toList();
    }

    /** Stops serving: every version closes once its running requests finish; later loads are dropped. */
    @Override
    public void close() {
        closed = true;
        for (Slot slot : slots.values()) {
            synchronized (slot.loadLock) {
                ServedModel served = slot.serving.getAndSet(null);
                if (served != null) {
                    metrics.serving(slot.model, null);
                    served.release();
                }
            }
        }
    }

    private static final class Slot {
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

        Slot(String model) {
            this.model = model;
        }

        /** A slot that starts from a champion found in the store, already decided. */
        Slot(String model, ModelPromoted champion) {
            this.model = model;
            this.desired = champion;
            this.settled = champion;
        }

        ModelStatus status() {
            ModelPromoted wanted = desired;
            ModelPromoted decided = settled;
            ServedModel served = serving.get();
            ModelState state;
            if (unloaded) {
                state = ModelState.UNLOADED;
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
                    lastError, failedLoads);
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry" + slots.keySet();
    }
}
