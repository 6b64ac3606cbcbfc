package io.sightline.trainer.traffic;

import io.sightline.events.CanaryAuto;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficTarget;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.JobStateConflictException;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.registry.PublishedModels;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts and ends a model's canary and shadow. Each change writes the model's whole traffic state to the store and
 * announces it; the announcement is recorded in the outbox before the write, guarded by the bytes written (as a
 * promotion is), so a crash between the two still announces it. Changes of one model are serialised on this
 * instance; two trainer replicas changing one model's traffic at once: the last write wins in the store, and its
 * event is the last on the topic for that key only if it was also sent last (documented in decision 103).
 */
public final class TrafficSplits {

    private final ArtifactStore store;
    private final PublishedModels registry;
    private final TrainingEvents events;
    private final Clock clock;

    public TrafficSplits(ArtifactStore store, PublishedModels registry, TrainingEvents events, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.clock = clock;
    }

    /** Where a model's traffic state lives in the store. */
    public static String key(String model) {
        return StoreKeys.MODELS + "/" + model + "/traffic.json";
    }

    /** A model's traffic state; empty when it never had a canary or shadow. */
    public Optional<ModelTrafficChanged> current(String model) throws IOException {
        if (!StoreKeys.isValidName(model) || !store.exists(key(model))) {
            return Optional.empty();
        }
        return Optional.of(StoreJson.read(store.read(key(model)), ModelTrafficChanged.class));
    }

    /**
     * Sends {@code percent} of the model's requests to {@code version}, replacing any canary it had.
     *
     * @throws InvalidJobException       when the percent is not 1 to 99
     * @throws UnknownResourceException  when the version does not exist
     * @throws JobStateConflictException when the model has no champion, or the version is the champion
     */
    public synchronized ModelTrafficChanged startCanary(String model, String version, int percent, String by)
            throws IOException {
        return startCanary(model, version, percent, null, by);
    }

    /**
     * Starts a canary as {@link #startCanary(String, String, int, String)} does; with {@code auto}, the replicas'
     * counts decide its promotion or rollback ({@link AutoCanaries}).
     */
    public synchronized ModelTrafficChanged startCanary(String model, String version, int percent, CanaryAuto auto,
                                                        String by) throws IOException {
        TrafficTarget target = target(model, version, percent, 99, auto);
        Optional<ModelTrafficChanged> now = current(model);
        return change(model, target, now.map(ModelTrafficChanged::shadow).orElse(null),
                ModelTrafficChanged.CANARY_STARTED, by, null);
    }

    /**
     * Ends the canary of {@code version}: its share goes back to the champion.
     *
     * @throws UnknownResourceException when the model has no canary of that version
     */
    public synchronized ModelTrafficChanged rollBack(String model, String version, String by) throws IOException {
        return rollBack(model, version, by, null);
    }

    /** Rolls the canary back, recording why (an automatic canary's decision). */
    public synchronized ModelTrafficChanged rollBack(String model, String version, String by, String reason)
            throws IOException {
        ModelTrafficChanged now = current(model).filter(split -> split.canary() != null
                        && split.canary().version().equals(version))
                .orElseThrow(() -> new UnknownResourceException("model " + model + " has no canary of version "
                        + version));
        return change(model, null, now.shadow(), ModelTrafficChanged.CANARY_ROLLED_BACK, by, reason);
    }

    /**
     * Mirrors {@code percent} of the model's requests to {@code version} (never answering from it), replacing any
     * shadow it had.
     */
    public synchronized ModelTrafficChanged startShadow(String model, String version, int percent, String by)
            throws IOException {
        TrafficTarget target = target(model, version, percent, 100, null);
        Optional<ModelTrafficChanged> now = current(model);
        return change(model, now.map(ModelTrafficChanged::canary).orElse(null), target,
                ModelTrafficChanged.SHADOW_STARTED, by, null);
    }

    /** Stops mirroring to {@code version}. */
    public synchronized ModelTrafficChanged stopShadow(String model, String version, String by) throws IOException {
        ModelTrafficChanged now = current(model).filter(split -> split.shadow() != null
                        && split.shadow().version().equals(version))
                .orElseThrow(() -> new UnknownResourceException("model " + model + " has no shadow of version "
                        + version));
        return change(model, now.canary(), null, ModelTrafficChanged.SHADOW_STOPPED, by, null);
    }

    /**
     * A version was promoted: a canary ends (the promoted version now answers everything), and a shadow of that
     * version stops. Nothing happens for a model without a canary or such a shadow.
     */
    public synchronized Optional<ModelTrafficChanged> promoted(String model, String version, String by)
            throws IOException {
        return promoted(model, version, by, null);
    }

    /** A version was promoted, as {@link #promoted(String, String, String)}, recording why. */
    public synchronized Optional<ModelTrafficChanged> promoted(String model, String version, String by,
                                                               String reason) throws IOException {
        Optional<ModelTrafficChanged> now = current(model);
        if (now.isEmpty() || now.get().canary() == null
                && (now.get().shadow() == null || !now.get().shadow().version().equals(version))) {
            return Optional.empty();
        }
        TrafficTarget shadow = now.get().shadow() != null && now.get().shadow().version().equals(version)
                ? null : now.get().shadow();
        String change = now.get().canary() == null ? ModelTrafficChanged.SHADOW_STOPPED
                : version.equals(now.get().canary().version()) ? ModelTrafficChanged.CANARY_PROMOTED
                : ModelTrafficChanged.CANARY_ROLLED_BACK;
        return Optional.of(change(model, null, shadow, change, by, reason));
    }

    private TrafficTarget target(String model, String version, int percent, int most, CanaryAuto auto)
            throws IOException {
        if (percent < 1 || percent > most) {
            throw new InvalidJobException("percent must be between 1 and " + most + ", got " + percent);
        }
        if (!StoreKeys.isValidName(version) || !registry.exists(model, version)) {
            throw UnknownResourceException.modelVersion(model, version);
        }
        Champion champion = registry.champion(model).orElseThrow(() -> new JobStateConflictException(
                "model " + model + " has no champion: promote a version before splitting its traffic"));
        if (champion.version().equals(version)) {
            throw new JobStateConflictException("version " + version + " of model " + model
                    + " is the champion already");
        }
        return new TrafficTarget(version, StoreKeys.modelVersion(model, version), percent,
                UUID.randomUUID().toString(), auto);
    }

    private ModelTrafficChanged change(String model, TrafficTarget canary, TrafficTarget shadow, String change,
                                       String by, String reason) throws IOException {
        ModelTrafficChanged next = new ModelTrafficChanged(UUID.randomUUID().toString(), model, canary, shadow, change,
                clock.instant(), by, reason);
        byte[] bytes = StoreJson.write(next);
        Announcement announcement = events.trafficChangedOnCommit(next, OutboxGuard.holding(key(model), bytes));
        try {
            store.write(key(model), bytes);
        } catch (IOException | RuntimeException e) {
            announcement.discard();
            throw e;
        }
        announcement.send();
        return next;
    }
}
