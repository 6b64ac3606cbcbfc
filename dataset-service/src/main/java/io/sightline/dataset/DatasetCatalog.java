package io.sightline.dataset;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every version the service knows: published ones (recovered from the store at startup) and the ones
 * accepted since. In-flight and rejected versions live in memory only: after a restart they are gone, and
 * their ids may be handed out again (see docs/decisions/010).
 */
final class DatasetCatalog {

    private static final System.Logger LOG = System.getLogger(DatasetCatalog.class.getName());

    /** dataset -> version number -> state; numeric keys keep "10" after "9". */
    private final Map<String, ConcurrentSkipListMap<Integer, DatasetVersion>> datasets = new ConcurrentHashMap<>();

    /** Loads every published version (a folder with {@code verification.json}) as READY. */
    void recover(ArtifactStore store) throws IOException {
        for (String name : store.list("datasets")) {
            if (!StoreKeys.isValidName(name)) {
                continue;
            }
            for (String version : store.list(StoreKeys.datasetVersions(name))) {
                if (!version.matches("[1-9][0-9]{0,8}") || !store.exists(StoreKeys.manifest(name, version))) {
                    continue;
                }
                try {
                    VerificationReport report = StoreJson.read(store.read(StoreKeys.verification(name, version)),
                            VerificationReport.class);
                    put(new DatasetVersion(name, version, VersionStatus.READY, report.digest(), null, null, List.of(),
                            report, null, report.verifiedAt()));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping dataset " + name + " version " + version
                            + ": its verification.json cannot be read: " + e.getMessage());
                }
            }
        }
    }

    /** Assigns the next version id of a dataset and records it as PENDING. */
    DatasetVersion assign(String dataset, java.time.Instant at) {
        ConcurrentSkipListMap<Integer, DatasetVersion> versions =
                datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
        synchronized (versions) {
            int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
            DatasetVersion pending = DatasetVersion.pending(dataset, Integer.toString(next), at);
            versions.put(next, pending);
            return pending;
        }
    }

    void put(DatasetVersion version) {
        datasets.computeIfAbsent(version.dataset(), d -> new ConcurrentSkipListMap<>())
                .put(Integer.parseInt(version.version()), version);
    }

    /** The lock that makes "look for the same content, else publish" one step per dataset. */
    Object lock(String dataset) {
        return datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
    }

    Optional<DatasetVersion> find(String dataset, String version) {
        Map<Integer, DatasetVersion> versions = datasets.get(dataset);
        if (versions == null || !version.matches("[1-9][0-9]{0,8}")) {
            return Optional.empty();
        }
        return Optional.ofNullable(versions.get(Integer.parseInt(version)));
    }

    /** The published version with this digest, if any. */
    Optional<DatasetVersion> publishedWithDigest(String dataset, String digest) {
        return all(dataset).stream().filter(v -> v.published() && v.digest().equals(digest)).findFirst();
    }

    /** Every version of a dataset in id order, including same-as requests. */
    Collection<DatasetVersion> all(String dataset) {
        Map<Integer, DatasetVersion> versions = datasets.get(dataset);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** Names of datasets with at least one version, sorted. */
    List<String> names() {
        return datasets.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted()
                .toList();
    }
}
