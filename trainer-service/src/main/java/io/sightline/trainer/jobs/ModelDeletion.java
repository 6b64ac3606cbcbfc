package io.sightline.trainer.jobs;

import io.sightline.events.ModelDeleted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.registry.DeletedVersions;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.ModelRetention;
import io.sightline.trainer.registry.PublishedModels;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes model versions, or whole models, from the store and announces each delete with a {@link ModelDeleted} on
 * the models topic (keyed by model, like promotions). The serving champion goes only when forced; then nothing serves
 * the model until another version is promoted. A deleted version's number is never handed out again
 * ({@link DeletedVersions}: its marker is written before its folder goes).
 */
public final class ModelDeletion {

    /** What was deleted; {@code version} is null when the whole model went. */
    public record Deleted(String model, String version, long bytesFreed) {
    }

    private final ArtifactStore store;
    private final PublishedModels registry;
    private final TrainingEvents events;
    private final Clock clock;
    private final Duration sendTimeout;
    private final DeletedVersions markers;

    public ModelDeletion(ArtifactStore store, PublishedModels registry, TrainingEvents events, Clock clock,
                         Duration sendTimeout) {
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
        this.markers = new DeletedVersions(store);
    }

    /**
     * @param force whether the serving champion may go (the caller checked the right to)
     * @param by    who asks: a caller's name, or {@code retention}
     * @throws UnknownResourceException  when the model has no such version
     * @throws JobStateConflictException when the version serves and {@code force} is false
     */
    public Deleted deleteVersion(String model, String version, boolean force, String by) throws IOException {
        if (!registry.exists(model, version)) {
            throw UnknownResourceException.modelVersion(model, version);
        }
        Optional<Champion> champion = registry.champion(model);
        boolean serving = champion.isPresent() && champion.get().version().equals(version);
        if (serving && !force) {
            throw new JobStateConflictException("model " + model + " version " + version + " is serving; ?force=true"
                    + " by an admin deletes it (the model then serves nothing until another version is promoted)");
        }
        Instant now = clock.instant();
        // the champion record first: a reader never finds it naming a version already gone
        long bytes = serving ? store.delete(StoreKeys.champion(model)) : 0;
        bytes += remove(model, version, now, by);
        announce(model, version, serving ? null : champion.map(Champion::version).orElse(null), now, by);
        return new Deleted(model, version, bytes);
    }

    /**
     * Deletes every version, the champion record and the retention override; the numbers stay taken.
     *
     * @throws UnknownResourceException  when the model has no version
     * @throws JobStateConflictException when a version serves and {@code force} is false
     */
    public Deleted deleteModel(String model, boolean force, String by) throws IOException {
        List<String> versions = registry.versions(model);
        if (versions.isEmpty()) {
            throw UnknownResourceException.model(model);
        }
        Optional<Champion> champion = registry.champion(model);
        if (champion.isPresent() && !force) {
            throw new JobStateConflictException("model " + model + " is serving (champion version "
                    + champion.get().version() + "); ?force=true by an admin deletes it with every version");
        }
        Instant now = clock.instant();
        // the champion record first: a reader never finds it naming a version already gone
        long bytes = store.delete(StoreKeys.champion(model));
        for (String version : versions) {
            bytes += remove(model, version, now, by);
        }
        bytes += store.delete(StoreKeys.modelVersions(model) + "/" + ModelRetention.FILE);
        announce(model, null, null, now, by);
        return new Deleted(model, null, bytes);
    }

    private long remove(String model, String version, Instant now, String by) throws IOException {
        String jobId = null;
        try {
            jobId = registry.metrics(model, version).map(ModelMetrics::lineage).map(l -> l.jobId()).orElse(null);
        } catch (IOException | RuntimeException e) {
            // an unreadable metrics file does not keep a version from being deleted
        }
        markers.mark(new DeletedVersions.Marker(model, version, jobId, now, by));
        return store.delete(StoreKeys.modelVersion(model, version));
    }

    private void announce(String model, String version, String champion, Instant at, String by) {
        ModelDeleted deleted = new ModelDeleted(UUID.randomUUID().toString(), model, version, champion, at, by);
        EventDeliveryException.await(events.deleted(deleted), sendTimeout, "delete of model " + model
                + (version == null ? "" : " version " + version));
    }
}
