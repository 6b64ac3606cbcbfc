package io.sightline.dataset;

import io.sightline.dataset.catalog.DatasetCatalog;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.Deletion;
import io.sightline.dataset.catalog.ModelLineages;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.storage.StoreJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one delete path, for a caller and for retention alike: a version a model's lineage names becomes a tombstone
 * (manifest and verification kept, tree gone), any other is removed; versions whose content was found the same as it
 * ({@code sameAs}) share its fate, as they own nothing of their own. Every delete is journalled (the number is never
 * handed out again) and announced as {@code dataset.deleted}: recorded in the outbox before the first change and
 * sent once a version's journal entry holds its deleted state (decision 100), so a stop in between loses no event.
 * Runs under the dataset's lock, the one an import takes to publish, so a same-content check never points at a
 * version being deleted.
 */
final class DatasetDeleter {

    private static final Logger LOG = Logger.getLogger(DatasetDeleter.class);

    private final DatasetCatalog catalog;
    private final ModelLineages lineages;
    private final OutcomeEvents outcomes;
    private final Clock clock;

    DatasetDeleter(DatasetCatalog catalog, ModelLineages lineages, OutcomeEvents outcomes, Clock clock) {
        this.catalog = catalog;
        this.lineages = lineages;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * Deletes one version. A tombstone is deleted again only once no lineage names it any more (then it is removed);
     * while one does, the answer says so and nothing changes.
     *
     * @throws UnknownDatasetException for a dataset or version that is not there (or was removed)
     * @throws DatasetBusyException    while the version's import runs
     */
    DeleteResult deleteVersion(String dataset, String version, String by, String reason) throws IOException {
        DeleteResult deleted;
        synchronized (catalog.lock(dataset)) {
            DatasetVersion found = catalog.find(dataset, version).filter(v -> !v.gone())
                    .orElseThrow(() -> new UnknownDatasetException(catalog.shown(dataset).isEmpty()
                            ? "no dataset named " + dataset : "dataset " + dataset + " has no version " + version));
            if (found.status().isRunning()) {
                throw new DatasetBusyException("dataset " + dataset + " version " + version + " is "
                        + found.status() + ": its import is running; delete it when it has finished");
            }
            Instant at = clock.instant();
            Tally tally = new Tally();
            Planned planned = plan(found, lineages.of(dataset), new Context(at, by, reason));
            Announcement announced = planned.changes() ? outcomes.deletedOnCommit(dataset, version,
                    planned.how().tombstone(), at, by, planned.guard()) : null;
            apply(planned, tally); // on failure the intent stays: the relay sends it if the journal says deleted
            deleted = new DeleteResult(dataset, version, tally.tombstoned.contains(version), tally.bytes,
                    tally.removed, tally.tombstoned);
            if (announced != null) {
                OutcomeEvents.deliver(announced);
            }
        }
        return deleted;
    }

    /**
     * Deletes every version of a dataset as {@link #deleteVersion} would, and announces it once (version null).
     *
     * @throws DatasetBusyException while an import of it runs: nothing is deleted then
     */
    DeleteResult deleteDataset(String dataset, String by) throws IOException {
        DeleteResult deleted;
        synchronized (catalog.lock(dataset)) {
            List<DatasetVersion> versions = catalog.shown(dataset);
            if (versions.isEmpty()) {
                throw new UnknownDatasetException("no dataset named " + dataset);
            }
            for (DatasetVersion v : versions) {
                if (v.status().isRunning()) {
                    throw new DatasetBusyException("dataset " + dataset + " version " + v.version() + " is "
                            + v.status() + ": its import is running; delete the dataset when it has finished");
                }
            }
            Instant at = clock.instant();
            Map<String, List<String>> named = lineages.of(dataset);
            Tally tally = new Tally();
            Context context = new Context(at, by, "the dataset was deleted");
            // a version a lineage names stays as a tombstone (with the versions of its content): known before any
            boolean tombstones = versions.stream().anyMatch(v -> !named.getOrDefault(v.version(), List.of()).isEmpty());
            Announcement announced = null;
            for (DatasetVersion v : versions) {
                // an earlier version's delete may have taken this one with it (same content)
                DatasetVersion now = catalog.find(dataset, v.version()).orElse(v);
                if (!now.gone() && (now.status() != VersionStatus.DELETED || v.status() == VersionStatus.DELETED)) {
                    Planned planned = plan(now, named, context);
                    if (announced == null && planned.changes()) { // recorded before the first change
                        announced = outcomes.deletedOnCommit(dataset, null, tombstones, at, by, planned.guard());
                    }
                    apply(planned, tally);
                }
            }
            deleted = new DeleteResult(dataset, null, !tally.tombstoned.isEmpty(), tally.bytes, tally.removed,
                    tally.tombstoned);
            if (announced != null) {
                OutcomeEvents.deliver(announced);
            }
        }
        return deleted;
    }

    private record Context(Instant at, String by, String reason) {
    }

    private static final class Tally {
        final List<String> removed = new ArrayList<>();
        final List<String> tombstoned = new ArrayList<>();
        long bytes;
        int changes;

        boolean changed() {
            return changes > 0;
        }
    }

    /**
     * What deleting {@code version} will do, decided before anything changes, so that its announcement can be
     * recorded first: {@link Planned#how} null when it is a tombstone still named (nothing changes).
     */
    private Planned plan(DatasetVersion version, Map<String, List<String>> named, Context context) {
        List<DatasetVersion> same = version.sameAs() != null ? List.of() : catalog.all(version.dataset()).stream()
                .filter(v -> version.version().equals(v.sameAs()) && !v.gone()).toList();
        List<String> namedBy = new ArrayList<>(named.getOrDefault(version.version(), List.of()));
        same.forEach(v -> namedBy.addAll(named.getOrDefault(v.version(), List.of())));
        if (version.status() == VersionStatus.DELETED && !namedBy.isEmpty()) {
            return new Planned(version, same, null);
        }
        return new Planned(version, same, new Deletion(context.at(), context.by(), context.reason(),
                !namedBy.isEmpty(), namedBy));
    }

    /** A planned delete; its last write journals {@code version} as deleted, the state its event waits for. */
    private record Planned(DatasetVersion version, List<DatasetVersion> same, Deletion how) {

        boolean changes() {
            return how != null;
        }

        OutboxGuard guard() throws IOException {
            return OutboxGuard.holding(DatasetCatalog.journalKey(version.dataset(), version.version()),
                    StoreJson.write(version.deleted(how)));
        }
    }

    private void apply(Planned planned, Tally tally) throws IOException {
        DatasetVersion version = planned.version();
        Deletion how = planned.how();
        if (how == null) {
            tally.tombstoned.add(version.version()); // still named: it stays a tombstone, nothing changes
            return;
        }
        List<DatasetVersion> same = planned.same();
        tally.changes++;
        for (DatasetVersion v : same) {
            catalog.record(v.deleted(how));
            (how.tombstone() ? tally.tombstoned : tally.removed).add(v.version());
        }
        if (how.tombstone()) {
            tally.bytes += catalog.tombstone(version, how);
            tally.tombstoned.add(version.version());
            LOG.infof("dataset %s version %s deleted by %s, kept as a tombstone: %s names it", version.dataset(),
                    version.version(), how.by(), String.join(", ", how.namedBy()));
        } else {
            tally.bytes += catalog.remove(version, how);
            tally.removed.add(version.version());
            LOG.infof("dataset %s version %s deleted by %s", version.dataset(), version.version(), how.by());
        }
    }
}
