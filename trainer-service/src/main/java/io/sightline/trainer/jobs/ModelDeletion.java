package io.sightline.trainer.jobs;

import io.sightline.events.ModelDeleted;
import io.sightline.kit.outbox.Announcement;
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
    private final DeletedVersions markers;

    public ModelDeletion(ArtifactStore store, PublishedModels registry, TrainingEvents events, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.clock = clock;
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
        DeletedVersions.Marker marker = marker(model, version, now, by);
        Announcement announced = announcement(model, version,
                serving ? null : champion.map(Champion::version).orElse(null), marker);
        // the champion record first: a reader never finds it naming a version already gone
        long bytes = serving ? store.delete(StoreKeys.champion(model)) : 0;
        bytes += remove(marker);
        announced.send();
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
        List<DeletedVersions.Marker> marked = new java.util.ArrayList<>(versions.size());
        for (String version : versions) {
            marked.add(marker(model, version, now, by));
        }
        Announcement announced = announcement(model, null, null, marked.get(0));
        // the champion record first: a reader never finds it naming a version already gone
        long bytes = store.delete(StoreKeys.champion(model));
        for (DeletedVersions.Marker marker : marked) {
            bytes += remove(marker);
        }
        bytes += store.delete(StoreKeys.modelVersions(model) + "/" + ModelRetention.FILE);
        announced.send();
        return new Deleted(model, null, bytes);
    }

    private DeletedVersions.Marker marker(String model, String version, Instant now, String by) {
        String jobId = null;
        try {
            jobId = registry.metrics(model, version).map(ModelMetrics::lineage).map(l -> l.jobId()).orElse(null);
        } catch (IOException | RuntimeException e) {
            // an unreadable metrics file does not keep a version from being deleted
        }
        return new DeletedVersions.Marker(model, version, jobId, now, by);
    }

    private long remove(DeletedVersions.Marker marker) throws IOException {
        markers.mark(marker);
        return store.delete(StoreKeys.modelVersion(marker.model(), marker.version()));
    }

    /**
     * The deletion's event, recorded before anything is deleted and sent once {@code first}'s marker is written
     * (decision 100): a stop in between loses nothing, and a delete that fails before it announces nothing.
     */
    private Announcement announcement(String model, String version, String champion, DeletedVersions.Marker first)
            throws IOException {
        ModelDeleted deleted = new ModelDeleted(UUID.randomUUID().toString(), model, version, champion,
                first.deletedAt(), first.by());
        return events.deletedOnCommit(deleted, DeletedVersions.guard(first));
    }
}
