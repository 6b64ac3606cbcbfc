package io.sightline.trainer.registry;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Model versions in the artefact store. Versions are the integers 1, 2, 3, … under {@code models/<model>/};
 * every version folder is published atomically, so a listed version is always complete. A deleted version's number
 * stays taken ({@link DeletedVersions}).
 */
public final class PublishedModels {

    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
    private static final int PUBLISH_ATTEMPTS = 50;

    private final ArtifactStore store;
    private final DeletedVersions deleted;
    private final VersionClaims claims;

    public PublishedModels(ArtifactStore store) {
        this.store = store;
        this.deleted = new DeletedVersions(store);
        this.claims = new VersionClaims(store);
    }

    /** Names of the models that have at least one version, sorted. */
    public List<String> models() throws IOException {
        List<String> models = new ArrayList<>();
        for (String name : store.list(StoreKeys.MODELS)) {
            if (StoreKeys.isValidName(name) && !versions(name).isEmpty()) {
                models.add(name);
            }
        }
        return models;
    }

    /** Every name under {@code models/}, sorted; some may have no version (a model lists a page of them). */
    public List<String> modelNames() throws IOException {
        return store.list(StoreKeys.MODELS);
    }

    /** Versions of a model, oldest first; empty for an unknown model. */
    public List<String> versions(String model) throws IOException {
        if (!StoreKeys.isValidName(model)) {
            return List.of();
        }
        return store.list(StoreKeys.modelVersions(model)).stream()
                .filter(name -> VERSION.matcher(name).matches())
                .sorted(Comparator.comparingLong(Long::parseLong))
                .toList();
    }

    /** The number the next version of a model gets: one past every version it has, had or was claimed. */
    public String nextVersion(String model) throws IOException {
        List<String> versions = versions(model);
        long highest = versions.isEmpty() ? 0 : Long.parseLong(versions.get(versions.size() - 1));
        highest = Math.max(highest, deleted.highest(model).orElse(0));
        return Long.toString(Math.max(highest, claims.highest(model).orElse(0)) + 1);
    }

    /** Publishes a new version for a caller that is not a job (a fresh claimant: a retry gets a new number). */
    public PublishedVersion publish(String model, VersionWriter writer) throws IOException {
        return publish(model, "unnamed-" + UUID.randomUUID(), writer);
    }

    /**
     * Publishes a new version: the job first claims the next free number ({@link VersionClaims}), the writer then
     * fills the folder, which appears at once under that number. When another job claims the number first, this
     * job takes the next one; the writer runs only for a number this job holds. A retry of a job whose earlier
     * run claimed a number and died before publishing publishes under that number.
     */
    public PublishedVersion publish(String model, String jobId, VersionWriter writer) throws IOException {
        StoreKeys.requireValidName("model", model);
        for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
            String version = unfinishedClaim(model, jobId).orElse(null);
            if (version == null) {
                version = nextVersion(model);
                if (!claims.claim(model, version, jobId)) {
                    continue; // another job claimed this number meanwhile: take the next one
                }
            } else {
                // the dead run may have left part of its upload (S3 uploads in place, unseen without the marker)
                store.delete(StoreKeys.modelVersion(model, version));
            }
            try (Publication publication = store.publish(StoreKeys.modelVersion(model, version))) {
                writer.write(publication.directory(), version);
                publication.commit();
                return new PublishedVersion(model, version, publication.key());
            } catch (FileAlreadyExistsException raced) {
                // published without a claim (a trainer from before claims): the number is settled, take the next
            }
        }
        throw new IOException("could not publish a version of model " + model + " after " + PUBLISH_ATTEMPTS
                + " attempts: other jobs kept taking the next number");
    }

    private Optional<String> unfinishedClaim(String model, String jobId) throws IOException {
        Set<String> published = Set.copyOf(versions(model));
        return claims.unfinishedOf(model, jobId, v -> published.contains(v) || deleted.isDeleted(model, v));
    }

    /** Whether a model has this version. */
    public boolean exists(String model, String version) {
        return StoreKeys.isValidName(model) && version != null && VERSION.matcher(version).matches()
                && store.exists(StoreKeys.modelVersion(model, version));
    }

    /** The metrics of a version; empty when the version (or its metrics) does not exist. */
    public Optional<ModelMetrics> metrics(String model, String version) throws IOException {
        if (!exists(model, version)) {
            return Optional.empty();
        }
        String key = StoreKeys.metrics(model, version);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(StoreJson.read(store.read(key), ModelMetrics.class));
    }

    /**
     * A file of a version ({@link StoreKeys#CURVES}, {@link StoreKeys#REPORT}); empty when the version or file does
     * not exist.
     */
    public Optional<byte[]> file(String model, String version, String name) throws IOException {
        if (!exists(model, version)) {
            return Optional.empty();
        }
        String key = StoreKeys.modelVersion(model, version) + "/" + name;
        return store.exists(key) ? Optional.of(store.read(key)) : Optional.empty();
    }

    /** Writes a version's metrics file into its staging folder. */
    public static void writeMetrics(java.nio.file.Path dir, ModelMetrics metrics) throws IOException {
        Files.write(dir.resolve(StoreKeys.METRICS), StoreJson.write(metrics));
    }

    /** The version a job produced, if it produced one (a redelivered job must not train twice). */
    public Optional<String> versionOfJob(String model, String jobId) throws IOException {
        List<String> versions = versions(model);
        for (int i = versions.size() - 1; i >= 0; i--) {
            Optional<ModelMetrics> metrics = metrics(model, versions.get(i));
            if (metrics.isPresent() && metrics.get().lineage() != null
                    && Objects.equals(metrics.get().lineage().jobId(), jobId)) {
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    /** The served version of a model, if one was promoted. */
    public Optional<Champion> champion(String model) throws IOException {
        if (!StoreKeys.isValidName(model)) {
            return Optional.empty();
        }
        String key = StoreKeys.champion(model);
        return store.exists(key) ? Optional.of(StoreJson.read(store.read(key), Champion.class)) : Optional.empty();
    }

    /** Records the served version (atomically replacing the previous record). */
    public void writeChampion(Champion champion) throws IOException {
        store.write(StoreKeys.champion(champion.model()), StoreJson.write(champion));
    }

    /** Every model with its version count, newest version and champion. */
    public List<ModelSummary> summaries() throws IOException {
        List<ModelSummary> summaries = new ArrayList<>();
        for (String model : models()) {
            List<String> versions = versions(model);
            summaries.add(new ModelSummary(model, versions.size(), versions.get(versions.size() - 1),
                    champion(model).map(Champion::version).orElse(null)));
        }
        return summaries;
    }

    /**
     * A model with its versions, newest first.
     *
     * @throws UnknownResourceException when the model has no version
     */
    public ModelDetail detail(String model) throws IOException {
        List<String> versions = versions(model);
        if (versions.isEmpty()) {
            throw UnknownResourceException.model(model);
        }
        Optional<Champion> champion = champion(model);
        String championVersion = champion.map(Champion::version).orElse(null);
        List<ModelVersionSummary> summaries = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) {
            String version = versions.get(i);
            String key = StoreKeys.modelVersion(model, version);
            Optional<ModelMetrics> metrics = metrics(model, version);
            summaries.add(metrics.map(m -> new ModelVersionSummary(version, version.equals(championVersion), key,
                            m.architecture(), m.test().accuracy(), m.test().loss(), m.lineage().jobId(),
                            m.lineage().dataset(), m.lineage().datasetVersion(), m.history().size(), m.completedAt()))
                    .orElseGet(() -> new ModelVersionSummary(version, version.equals(championVersion), key, null,
                            null, null, null, null, null, 0, null)));
        }
        return new ModelDetail(model, champion.orElse(null), summaries);
    }

    /** Every version's metrics, for rebuilding the job table after a restart. */
    public List<ModelMetrics> allMetrics() throws IOException {
        List<ModelMetrics> all = new ArrayList<>();
        for (String model : models()) {
            for (String version : versions(model)) {
                try {
                    metrics(model, version).ifPresent(all::add);
                } catch (IOException | UncheckedIOException e) {
                    // one unreadable file must not hide the rest
                }
            }
        }
        return all;
    }
}
