package io.sightline.dataset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.CollectionResult;
import io.sightline.storage.StoreCollector;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The garbage collection of {@code POST /admin/gc} and the schedule: retention first (its deletes are what the
 * collection then finds unreferenced), then the store's blob collection ({@link StoreCollector}: mark from every
 * live manifest, sweep the rest; deferred while an import holds the store). One run at a time per process.
 */
public final class DatasetGc {

    /** The metrics' {@code service} tag: the trainer counts its own collections under the same names. */
    static final String SERVICE = "dataset";

    private static final Logger LOG = Logger.getLogger(DatasetGc.class);

    /**
     * What one run did.
     *
     * @param datasetVersionsDeleted versions retention removed or tombstoned
     * @param looseBlobsDeleted      blob files deleted
     * @param packsRepacked          packs rewritten with only their live blobs
     * @param bytesReclaimed         bytes freed: retention's version folders and the collection's blobs
     * @param durationMs             how long the whole run took
     * @param deferred               why the blob collection did not run (an import is writing, another collection
     *                               holds the lock); null when it ran
     */
    public record Report(int datasetVersionsDeleted, int looseBlobsDeleted, int packsRepacked, long bytesReclaimed,
                         long durationMs, String deferred) {
    }

    /**
     * How the blob collection runs.
     *
     * @param grace       blobs younger than this are never swept
     * @param repackBelow packs whose live share is below this are rewritten (0 never)
     */
    public record Settings(Duration grace, double repackBelow) {
    }

    private final ArtifactStore store;
    private final Retention retention;
    private final Settings settings;
    private final Clock clock;
    private final Counter reclaimed;
    private final Counter runs;

    public DatasetGc(ArtifactStore store, Retention retention, Settings settings, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.settings = settings;
        this.clock = clock;
        this.reclaimed = Counter.builder("sightline.gc.reclaimed.bytes").tag("service", SERVICE)
                .description("Bytes the garbage collection freed: deleted versions' folders and unreferenced blobs")
                .register(meters);
        this.runs = Counter.builder("sightline.gc.runs").tag("service", SERVICE)
                .description("Garbage collections run (retention, then the store's blob collection)")
                .register(meters);
    }

    /** Retention, then the blob collection. */
    public synchronized Report run() throws IOException {
        long start = System.nanoTime();
        runs.increment();
        Retention.Outcome kept = retention.run();
        reclaimed.increment(kept.bytes());
        CollectionResult collected = StoreCollector.collect(store, clock, settings.grace(), settings.repackBelow());
        reclaimed.increment(collected.bytesReclaimed());
        Report report = new Report(kept.versions(), collected.looseBlobsDeleted(), collected.packsRepacked(),
                kept.bytes() + collected.bytesReclaimed(), (System.nanoTime() - start) / 1_000_000,
                collected.deferred());
        LOG.infof("garbage collection: %s", report);
        return report;
    }
}
