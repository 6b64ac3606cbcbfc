package io.sightline.dataset.catalog;

import io.sightline.dataset.importing.VerificationReport;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>Several replicas may share one store (docs/decisions/096): a version number is claimed by creating its journal
 * entry only if absent ({@link CatalogJournal#claim}), the loser taking the next number; and each replica re-reads
 * the journal of a dataset it is asked about, at most every {@link #DEFAULT_REFRESH} (new versions and changes of
 * running ones) and every {@link #FULL_REFRESH_FACTOR} times that (every entry, so deletions too). A version it does
 * not know is looked up in the journal at once.
 */
public final class DatasetCatalog {

    private static final Logger LOG = Logger.getLogger(DatasetCatalog.class);
    static final String INTERRUPTED = "interrupted: the service stopped before this import finished; submit it again";
    /** How stale this replica's view of versions other replicas journalled may be, at most. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);
    static final int FULL_REFRESH_FACTOR = 15;
    private static final int CLAIM_ATTEMPTS = 1000;

    private final ArtifactStore store;
    private final CatalogJournal journal;
    private final JournalRefresh refresh;

    public DatasetCatalog(ArtifactStore store) {
        this(store, DEFAULT_REFRESH);
    }

    /** @param refreshEvery how often, at most, the journal of a dataset is re-read for other replicas' versions */
    public DatasetCatalog(ArtifactStore store, Duration refreshEvery) {
        this.store = store;
        this.journal = new CatalogJournal(store);
        this.refresh = new JournalRefresh(journal, refreshEvery, this::settledHere, this::merge);
    }

    /** A version's journal entry. */
    public static String journalKey(String dataset, String version) {
        return CatalogJournal.key(dataset, version);
    }

    /** dataset -> version number -> state; numeric keys keep "10" after "9". */
    private final Map<String, ConcurrentSkipListMap<Integer, DatasetVersion>> datasets = new ConcurrentHashMap<>();
    /** "dataset@version" of the imports this replica runs: their state here is newer than the journal's. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

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
        for (String file : journal.files()) {
            try {
                DatasetVersion journalled = journal.readFile(file);
                Optional<DatasetVersion> folder = known(journalled.dataset(), journalled.version());
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

    /**
     * Assigns the next version id of a dataset and records it as PENDING: journalled before anyone sees the id (a
     * restart must not hand it out again), by a create that fails when another replica journalled that id first.
     */
    public DatasetVersion assign(String dataset, java.time.Instant at) {
        ConcurrentSkipListMap<Integer, DatasetVersion> versions =
                datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
        synchronized (versions) {
            int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
                DatasetVersion pending = DatasetVersion.pending(dataset, Integer.toString(next), at);
                if (journal.claim(pending)) {
                    running.add(runningKey(pending));
                    versions.put(next, pending);
                    return pending;
                }
                // another replica took the number: learn its versions, then try past the highest known
                refresh.now(dataset);
                next = Math.max(next, versions.isEmpty() ? 0 : versions.lastKey()) + 1;
            }
            throw new IllegalStateException("no free version id for dataset " + dataset + " after "
                    + CLAIM_ATTEMPTS + " attempts: other replicas kept taking them");
        }
    }

    /** Keeps a state and journals it. */
    public void record(DatasetVersion version) {
        journal.write(version);
        put(version);
    }

    /** Keeps a state in memory only (a passing state such as SPLITTING). */
    public void put(DatasetVersion version) {
        datasets.computeIfAbsent(version.dataset(), d -> new ConcurrentSkipListMap<>())
                .put(Integer.parseInt(version.version()), version);
        if (version.status().isFinal()) {
            running.remove(runningKey(version));
        }
    }

    private static String runningKey(DatasetVersion version) {
        return version.dataset() + "@" + version.version();
    }

    /**
     * Takes a state another replica journalled, unless this replica knows better: it runs that import itself, or
     * it knows a later stage (states only move on: running, then READY or REJECTED, then DELETED); a published
     * folder it loaded stays the truth against an unpublished state of the same stage.
     */
    private void merge(DatasetVersion journalled) {
        if (running.contains(runningKey(journalled))) {
            return;
        }
        DatasetVersion known = known(journalled.dataset(), journalled.version()).orElse(null);
        if (known == null || stage(journalled) > stage(known)) {
            put(journalled);
        } else if (stage(journalled) == stage(known) && stage(known) > 0 && !journalled.equals(known)
                && (journalled.published() || !known.published())) {
            put(journalled); // e.g. REJECTED "interrupted" by a restarting replica, then READY by the importing one
        }
    }

    /** Whether only this replica could change what it knows of a version: finished, or its own import. */
    private boolean settledHere(String dataset, String version) {
        return running.contains(dataset + "@" + version)
                || known(dataset, version).map(v -> v.status().isFinal()).orElse(false);
    }

    private static int stage(DatasetVersion version) {
        return version.status() == VersionStatus.DELETED ? 2 : version.status().isFinal() ? 1 : 0;
    }

    /** The lock that makes "look for the same content, else publish" one step per dataset. */
    public Object lock(String dataset) {
        return datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
    }

    /** A version's state; one this replica has not seen is looked up in the journal (another replica's). */
    public Optional<DatasetVersion> find(String dataset, String version) {
        if (version == null || !version.matches("[1-9][0-9]{0,8}") || !StoreKeys.isValidName(dataset)) {
            return Optional.empty();
        }
        refresh.ifDue(dataset);
        Optional<DatasetVersion> known = known(dataset, version);
        if (known.isPresent()) {
            return known;
        }
        try {
            journal.read(dataset, version).ifPresent(this::merge);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot read the journal entry of dataset %s version %s: %s", dataset, version, e);
        }
        return known(dataset, version);
    }

    /** What this replica knows of a version now, without reading the store. */
    private Optional<DatasetVersion> known(String dataset, String version) {
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
        if (StoreKeys.isValidName(dataset)) {
            refresh.ifDue(dataset);
        }
        Map<Integer, DatasetVersion> versions = datasets.get(dataset);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** Every version of a dataset in id order that is shown: all but the deleted ones without a tombstone. */
    public List<DatasetVersion> shown(String dataset) {
        return all(dataset).stream().filter(v -> !v.gone()).toList();
    }

    /** Names of datasets with at least one version shown, sorted. */
    public List<String> names() {
        refresh.allIfDue();
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
