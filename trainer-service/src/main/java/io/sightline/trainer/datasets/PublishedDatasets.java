package io.sightline.trainer.datasets;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dataset versions the dataset service published. A version is ready once its folder holds a {@code
 * manifest.json} (folders appear atomically, rejected imports leave none), and until it is deleted: a tombstone keeps
 * the manifest for the reports of models trained on it, but its images are gone, so it is not ready to train on.
 */
public final class PublishedDatasets {

    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,18}");

    private final ArtifactStore store;

    public PublishedDatasets(ArtifactStore store) {
        this.store = store;
    }

    /** Every dataset with at least one ready version, by name. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : store.list(StoreKeys.DATASETS)) {
            if (StoreKeys.isValidName(name) && !versions(name).isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** The stored {@code verification.json} of a ready version, as written by the dataset service. */
    public Optional<byte[]> verification(String dataset, String version) throws IOException {
        if (!StoreKeys.isValidName(dataset) || !StoreKeys.isValidName(version)) {
            return Optional.empty();
        }
        String key = StoreKeys.verification(dataset, version);
        return store.exists(key) ? Optional.of(store.read(key)) : Optional.empty();
    }

    /** The ready versions of a dataset, oldest first: numeric ids by value, then any others by name. */
    public List<String> versions(String dataset) throws IOException {
        if (!StoreKeys.isValidName(dataset)) {
            return List.of();
        }
        return store.list(StoreKeys.datasetVersions(dataset)).stream()
                .filter(StoreKeys::isValidName)
                .filter(version -> store.exists(StoreKeys.manifest(dataset, version)))
                .filter(version -> !store.exists(StoreKeys.tombstone(dataset, version)))
                .sorted(Comparator.comparing((String v) -> !NUMERIC.matcher(v).matches())
                        .thenComparing(v -> NUMERIC.matcher(v).matches() ? Long.parseLong(v) : 0L)
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** The newest ready version: the highest numeric id. */
    public Optional<String> latestVersion(String dataset) throws IOException {
        List<String> versions = versions(dataset);
        List<String> numeric = versions.stream().filter(v -> NUMERIC.matcher(v).matches()).toList();
        if (!numeric.isEmpty()) {
            return Optional.of(numeric.get(numeric.size() - 1));
        }
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The manifest of a version; empty when the version is not (or not yet) published, or was deleted. */
    public Optional<DatasetManifest> manifest(String dataset, String version) throws IOException {
        if (!StoreKeys.isValidName(dataset) || !StoreKeys.isValidName(version)) {
            return Optional.empty();
        }
        String key = StoreKeys.manifest(dataset, version);
        if (!store.exists(key) || store.exists(StoreKeys.tombstone(dataset, version))) {
            return Optional.empty();
        }
        return Optional.of(StoreJson.read(store.read(key), DatasetManifest.class));
    }
}
