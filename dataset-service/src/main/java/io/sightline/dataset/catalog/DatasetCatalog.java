package io.sightline.dataset.catalog;

import io.sightline.dataset.importing.VerificationReport;
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
import org.jboss.logging.Logger;

/**
 * Every version the service knows. Published versions are their folders under {@code datasets/}; every
 * request is also journalled as {@code journal/datasets/<name>@<version>.json} when accepted and when
 * finished, so after a restart rejected and same-as versions are still answered and no version id is ever
 * handed out twice. A request that was in flight when the process stopped comes back REJECTED
 * (docs/decisions/010). A deleted version keeps its journal entry (DELETED): a tombstone is recovered from its
 * folder's {@code tombstone.json}, a removed one is hidden, and a removal a stop interrupted is finished
 * (docs/decisions/091).
 */
public final class DatasetCatalog {

    private static final Logger LOG = Logger.getLogger(DatasetCatalog.class);
    private static final String JOURNAL = "journal/datasets";
    static final String INTERRUPTED = "interrupted: the service stopped before this import finished; submit it again";

    private final ArtifactStore store;

    public DatasetCatalog(ArtifactStore store) {
        this.store = store;
    }

    /**
     * One flat folder of plain files: the S3 store lists only published folders and plain files, not
     * folders of plain files; '@' cannot occur in a name.
     */
    public static String journalKey(String dataset, String version) {
        return JOURNAL + "/" + StoreKeys.requireValidName("dataset", dataset) + "@"
                + StoreKeys.requireValidName("version", version) + ".json";
    }

    /** dataset -> version number -> state; numeric keys keep "10" after "9". */
    private final Map<String, ConcurrentSkipListMap<Integer, DatasetVersion>> datasets = new ConcurrentHashMap<>();

    /** Loads every published version as READY, then every journalled request that was not published. */
    public void recover(java.time.Instant now) throws IOException {
        for (String name : store.list(StoreKeys.DATASETS)) {
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
                    put(recovered(DatasetVersion.published(name, version, report)));
                } catch (IOException e) {
                    LOG.warnf("skipping dataset %s version %s: its " + StoreKeys.VERIFICATION + " cannot be read: %s",
                            name, version, e.getMessage());
                }
            }
        }
        for (String file : store.list(JOURNAL)) {
            try {
                DatasetVersion journalled = StoreJson.read(store.read(JOURNAL + "/" + file), DatasetVersion.class);
                Optional<DatasetVersion> folder = find(journalled.dataset(), journalled.version());
                if (journalled.gone()) {
                    if (folder.isPresent()) {
                        // journalled before its folder went: a stop came in between, finish the delete
                        store.delete(StoreKeys.datasetVersion(journalled.dataset(), journalled.version()));
                    }
                    put(journalled);
                    continue;
                }
                if (folder.isPresent() || journalled.published()) {
                    continue; // the published folder is the truth
                }
                if (!journalled.status().isFinal()) {
                    journalled = journalled.rejected(INTERRUPTED, List.of(INTERRUPTED), null, now);
                    record(journalled);
                }
                put(journalled);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("skipping journal entry %s: %s", file, e);
            }
        }
    }

    /**
     * A published folder as found: a tombstone when {@code tombstone.json} is in it (its tree, should a stop have
     * come between the tombstone and the tree's removal, is removed now).
     */
    private DatasetVersion recovered(DatasetVersion published) throws IOException {
        String key = Tombstone.key(published.dataset(), published.version());
        if (!store.exists(key)) {
            return published;
        }
        Tombstone tombstone = StoreJson.read(store.read(key), Tombstone.class);
        store.delete(StoreKeys.datasetVersion(published.dataset(), published.version()) + "/"
                + TreeMaterialiser.TREE);
        return published.deleted(tombstone.deletion());
    }

    /** Assigns the next version id of a dataset and records it as PENDING. */
    public DatasetVersion assign(String dataset, java.time.Instant at) {
        ConcurrentSkipListMap<Integer, DatasetVersion> versions =
                datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
        synchronized (versions) {
            int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
            DatasetVersion pending = DatasetVersion.pending(dataset, Integer.toString(next), at);
            record(pending); // before anyone sees the id: a restart must not hand it out again
            versions.put(next, pending);
            return pending;
        }
    }

    /** Keeps a state and journals it. */
    public void record(DatasetVersion version) {
        try {
            store.write(journalKey(version.dataset(), version.version()), StoreJson.write(version));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot journal " + version.dataset() + " version "
                    + version.version(), e);
        }
        put(version);
    }

    /** Keeps a state in memory only (a passing state such as SPLITTING). */
    public void put(DatasetVersion version) {
        datasets.computeIfAbsent(version.dataset(), d -> new ConcurrentSkipListMap<>())
                .put(Integer.parseInt(version.version()), version);
    }

    /** The lock that makes "look for the same content, else publish" one step per dataset. */
    public Object lock(String dataset) {
        return datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
    }

    public Optional<DatasetVersion> find(String dataset, String version) {
        Map<Integer, DatasetVersion> versions = datasets.get(dataset);
        if (versions == null || !version.matches("[1-9][0-9]{0,8}")) {
            return Optional.empty();
        }
        return Optional.ofNullable(versions.get(Integer.parseInt(version)));
    }

    /** The published version with this digest, if any. */
    public Optional<DatasetVersion> publishedWithDigest(String dataset, String digest) {
        return all(dataset).stream().filter(v -> v.published() && v.digest().equals(digest)).findFirst();
    }

    /** Every version of a dataset in id order, including same-as requests. */
    public Collection<DatasetVersion> all(String dataset) {
        Map<Integer, DatasetVersion> versions = datasets.get(dataset);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** Every version of a dataset in id order that is shown: all but the deleted ones without a tombstone. */
    public List<DatasetVersion> shown(String dataset) {
        return all(dataset).stream().filter(v -> !v.gone()).toList();
    }

    /** Names of datasets with at least one version shown, sorted. */
    public List<String> names() {
        return datasets.entrySet().stream().filter(e -> e.getValue().values().stream().anyMatch(v -> !v.gone()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Writes the tombstone of a version a model's lineage names, then removes its tree view: the manifest and
     * verification stay. The tombstone goes first, so that a stop in between still leaves it a tombstone.
     *
     * @return the bytes the tree took
     */
    public long tombstone(DatasetVersion version, Deletion how) throws IOException {
        long freed = 0;
        if (version.published()) {
            store.write(Tombstone.key(version.dataset(), version.version()),
                    StoreJson.write(Tombstone.of(version, how)));
            freed = store.delete(StoreKeys.datasetVersion(version.dataset(), version.version()) + "/"
                    + TreeMaterialiser.TREE);
        }
        record(version.deleted(how));
        return freed;
    }

    /**
     * Removes a version: journalled as deleted first (its number stays taken, a restart finishes a removal a stop
     * interrupted), then its folder goes in one step.
     *
     * @return the bytes removed
     */
    public long remove(DatasetVersion version, Deletion how) throws IOException {
        record(version.deleted(how));
        boolean ownFolder = version.published()
                || version.status() == VersionStatus.DELETED && version.sameAs() == null; // a tombstone keeps one
        return ownFolder ? store.delete(StoreKeys.datasetVersion(version.dataset(), version.version())) : 0;
    }
}
