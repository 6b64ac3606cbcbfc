package io.sightline.dataset;

import io.sightline.dataset.catalog.DatasetCatalog;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies each dataset's {@link RetentionPolicy} through the one delete path ({@link DatasetDeleter}, by
 * {@value #BY}): tombstones where a model's lineage names a version, events, the journal. Per-dataset overrides live
 * in {@code datasets/<d>/retention.json}, a name no lister of versions takes for a version.
 */
public final class Retention {

    static final String BY = "retention";
    static final String FILE = "retention.json";

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final ArtifactStore store;
    private final DatasetCatalog catalog;
    private final DatasetDeleter deleter;
    private final RetentionPolicy.Defaults defaults;
    private final Clock clock;

    /** What one run deleted: versions removed or tombstoned, and the bytes of their folders. */
    public record Outcome(int versions, long bytes) {
    }

    /**
     * A dataset's retention as asked and as in effect.
     *
     * @param keepLast      the override, null: the default
     * @param maxAgeDays    the override, null: the default
     * @param effectiveKeepLast versions kept (0: all)
     * @param effectiveMaxAge   oldest kept, ISO-8601 (null: any age)
     */
    public record View(String dataset, Integer keepLast, Integer maxAgeDays, int effectiveKeepLast,
                       String effectiveMaxAge) {
    }

    public Retention(ArtifactStore store, DatasetService service, RetentionPolicy.Defaults defaults, Clock clock) {
        this.store = store;
        this.catalog = service.catalog();
        this.deleter = service.deleter();
        this.defaults = defaults;
        this.clock = clock;
    }

    static String key(String dataset) {
        return StoreKeys.DATASETS + "/" + StoreKeys.requireValidName("dataset", dataset) + "/" + FILE;
    }

    /**
     * A dataset's retention.
     *
     * @throws UnknownDatasetException for a dataset that has no version
     */
    public View view(String dataset) throws IOException {
        requireKnown(dataset);
        RetentionPolicy asked = override(dataset);
        RetentionPolicy.Effective rule = asked.over(defaults);
        return new View(dataset, asked.keepLast(), asked.maxAgeDays(), rule.keepLast(),
                rule.maxAge() == null ? null : rule.maxAge().toString());
    }

    /**
     * Stores a dataset's override (nulls: the configured default); applied at the next run.
     *
     * @throws io.sightline.dataset.source.InvalidImportException for a negative count or age (400)
     */
    public View set(String dataset, RetentionPolicy policy) throws IOException {
        requireKnown(dataset);
        RetentionPolicy checked = (policy == null ? new RetentionPolicy(null, null) : policy).checked();
        store.write(key(dataset), StoreJson.write(checked));
        return view(dataset);
    }

    private void requireKnown(String dataset) {
        DatasetService.checkNames(dataset, null);
        if (catalog.shown(dataset).isEmpty()) {
            throw new UnknownDatasetException("no dataset named " + dataset);
        }
    }

    private RetentionPolicy override(String dataset) throws IOException {
        String key = key(dataset);
        return store.exists(key) ? StoreJson.read(store.read(key), RetentionPolicy.class)
                : new RetentionPolicy(null, null);
    }

    /** Applies every dataset's policy. */
    public Outcome run() {
        int versions = 0;
        long bytes = 0;
        for (String dataset : catalog.names()) {
            try {
                Outcome one = apply(dataset);
                versions += one.versions();
                bytes += one.bytes();
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "retention of dataset %s failed; the others go on", dataset);
            }
        }
        return new Outcome(versions, bytes);
    }

    /** Applies one dataset's policy. */
    Outcome apply(String dataset) throws IOException {
        RetentionPolicy.Effective rule = override(dataset).over(defaults);
        if (rule.keepsAll()) {
            return new Outcome(0, 0);
        }
        int deleted = 0;
        long bytes = 0;
        for (String version : doomed(catalog.shown(dataset), rule, clock.instant())) {
            try {
                DeleteResult result = deleter.deleteVersion(dataset, version, BY,
                        "retention: " + describe(rule));
                deleted += result.removed().size() + result.tombstoned().size();
                bytes += result.bytesFreed();
            } catch (UnknownDatasetException | DatasetBusyException raced) {
                LOG.debugf("retention skips dataset %s version %s: %s", dataset, version, raced.getMessage());
            }
        }
        return new Outcome(deleted, bytes);
    }

    /** The published versions {@code rule} deletes, oldest first; never the newest READY one. */
    static List<String> doomed(List<DatasetVersion> shown, RetentionPolicy.Effective rule, Instant now) {
        List<DatasetVersion> published = shown.stream().filter(DatasetVersion::published).toList();
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < published.size() - 1; i++) { // the last is the newest READY: it stays
            DatasetVersion v = published.get(i);
            boolean beyondCount = rule.keepLast() > 0 && i < published.size() - rule.keepLast();
            boolean tooOld = rule.maxAge() != null && v.completedAt() != null
                    && v.completedAt().isBefore(now.minus(rule.maxAge()));
            if (beyondCount || tooOld) {
                doomed.add(v.version());
            }
        }
        return doomed;
    }

    private static String describe(RetentionPolicy.Effective rule) {
        List<String> parts = new ArrayList<>();
        if (rule.keepLast() > 0) {
            parts.add("keep the last " + rule.keepLast());
        }
        if (rule.maxAge() != null) {
            parts.add("none older than " + rule.maxAge());
        }
        return String.join(", ", parts);
    }
}
