package io.sightline.dataset.catalog;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Re-reads the journal for versions other replicas journalled, at most once per interval per dataset: entries this
 * replica does not know or knows as running every interval, every entry (so deletions of finished versions too) every
 * {@link DatasetCatalog#FULL_REFRESH_FACTOR} intervals. Concurrent callers within an interval do not read again.
 */
final class JournalRefresh {

    private static final Logger LOG = Logger.getLogger(JournalRefresh.class);
    private static final String ALL = "";

    private final CatalogJournal journal;
    private final long everyNanos;
    private final BiPredicate<String, String> settledHere;
    private final Consumer<DatasetVersion> merge;
    private final Map<String, Long> quickAt = new ConcurrentHashMap<>();
    private final Map<String, Long> fullAt = new ConcurrentHashMap<>();

    /**
     * @param settledHere whether this replica knows a version in a state only it could change (finished, or its
     *                    own import)
     * @param merge       takes a journalled state
     */
    JournalRefresh(CatalogJournal journal, Duration every, BiPredicate<String, String> settledHere,
                   Consumer<DatasetVersion> merge) {
        this.journal = journal;
        this.everyNanos = every.toNanos();
        this.settledHere = settledHere;
        this.merge = merge;
    }

    /** Re-reads one dataset's journal when the interval has passed since the last time. */
    void ifDue(String dataset) {
        boolean full = due(fullAt, dataset, everyNanos * DatasetCatalog.FULL_REFRESH_FACTOR);
        if (full | due(quickAt, dataset, everyNanos)) {
            read(List.of(dataset), full);
        }
    }

    /** Re-reads one dataset's new and running entries now (its number was taken by another replica). */
    void now(String dataset) {
        quickAt.put(dataset, System.nanoTime());
        read(List.of(dataset), false);
    }

    /** Re-reads every dataset's journal when due, finding datasets only other replicas journalled. */
    void allIfDue() {
        if (!due(quickAt, ALL, everyNanos)) {
            return;
        }
        try {
            Map<String, List<Integer>> numbers = journal.numbers();
            for (Map.Entry<String, List<Integer>> dataset : numbers.entrySet()) {
                boolean full = due(fullAt, dataset.getKey(), everyNanos * DatasetCatalog.FULL_REFRESH_FACTOR);
                if (full | due(quickAt, dataset.getKey(), everyNanos)) {
                    read(dataset.getKey(), dataset.getValue(), full);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot list the dataset journal; answering from what this replica knows: %s", e);
        }
    }

    private void read(List<String> datasets, boolean full) {
        try {
            Map<String, List<Integer>> numbers = journal.numbers();
            for (String dataset : datasets) {
                read(dataset, numbers.getOrDefault(dataset, List.of()), full);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot list the dataset journal; answering from what this replica knows: %s", e);
        }
    }

    private void read(String dataset, List<Integer> numbers, boolean full) {
        for (int number : numbers) {
            String version = Integer.toString(number);
            if (!full && settledHere.test(dataset, version)) {
                continue;
            }
            try {
                journal.read(dataset, version).ifPresent(merge);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("skipping journal entry of dataset %s version %s: %s", dataset, version, e);
            }
        }
    }

    private static boolean due(Map<String, Long> at, String key, long interval) {
        long now = System.nanoTime();
        boolean[] due = {false};
        at.compute(key, (k, previous) -> {
            if (previous == null || now - previous >= interval) {
                due[0] = true;
                return now;
            }
            return previous;
        });
        return due[0];
    }
}
