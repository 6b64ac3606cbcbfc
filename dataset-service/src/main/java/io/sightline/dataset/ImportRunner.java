package io.sightline.dataset;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.dataset.catalog.DatasetCatalog;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.kit.outbox.Announcement;
import io.sightline.dataset.importing.DatasetImporter;
import io.sightline.dataset.importing.ImportProgress;
import io.sightline.dataset.importing.ImportSpec;
import io.sightline.dataset.importing.Staging;
import io.sightline.dataset.importing.VerificationReport;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.WriterHold;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs one queued import on a worker thread to READY or REJECTED: fetch the source when it is an archive or
 * s3, ingest, copy, verify, then publish unless a published version has the same content; records the
 * outcome in the catalog, announces it and counts it. Keeps the progress of every import under way. Holds the
 * store's collection off ({@link WriterHold}) from the first blob written until the manifest is published or the
 * import rejected.
 */
final class ImportRunner {

    private static final Logger LOG = Logger.getLogger(ImportRunner.class);

    private final ArtifactStore store;
    private final DatasetSettings settings;
    private final DatasetCatalog catalog;
    private final SourceFetcher fetcher;
    private final DatasetImporter importer;
    private final OutcomeEvents outcomes;
    private final ImportMeters meters;
    private final Clock clock;
    /** Imports under way, by {@code name@version}: what GET shows as progress while SPLITTING. */
    private final Map<String, ImportProgress> running = new ConcurrentHashMap<>();

    ImportRunner(ArtifactStore store, DatasetSettings settings, DatasetCatalog catalog, SourceFetcher fetcher,
                 DatasetEvents events, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.catalog = catalog;
        this.fetcher = fetcher;
        this.importer = new DatasetImporter(store, settings, clock);
        this.outcomes = new OutcomeEvents(events);
        this.meters = new ImportMeters(meters);
        this.clock = clock;
    }

    /** The progress of a version about to be queued, shown from now until its import ends. */
    ImportProgress track(DatasetVersion pending) {
        ImportProgress progress = new ImportProgress();
        running.put(key(pending), progress);
        return progress;
    }

    /** Forgets a version that was tracked but never ran. */
    void untrack(DatasetVersion pending) {
        running.remove(key(pending));
    }

    Optional<ImportProgress> progress(String dataset, String version) {
        return Optional.ofNullable(running.get(dataset + "@" + version));
    }

    private static String key(DatasetVersion v) {
        return v.dataset() + "@" + v.version();
    }

    /** Imports {@code requested} as {@code pending}; {@code upload}, when not null, is the archive it owns. */
    void run(ImportSpec requested, DatasetVersion pending, Path upload, ImportProgress progress) {
        Timer.Sample timing = meters.start();
        DatasetVersion version = pending.splitting();
        catalog.put(version);
        String outcome;
        Path work = settings.workDir().resolve(version.dataset() + "-" + version.version() + "-" + UUID.randomUUID());
        try {
            long fetchStart = System.nanoTime();
            ImportSpec spec = requested.needsFetch() ? fetcher.fetch(requested, upload, work, progress) : requested;
            long fetchMs = (System.nanoTime() - fetchStart) / 1_000_000;
            // from the first blob until the manifest names them, the store's collection must not run: the blobs are
            // live for nobody else yet (decision 090)
            WriterHold hold = WriterHold.acquire(store, "import " + key(version));
            try {
                outcome = copyAndPublish(spec, requested.needsFetch() ? fetchMs : -1, version, progress);
            } finally {
                release(hold);
            }
        } catch (InvalidImportException e) {
            reject(version, e.getMessage(), e.problems(), null);
            outcome = ImportMeters.REJECTED;
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "import of %s version %s failed", requested.name(), version.version());
            String why = e instanceof FileAlreadyExistsException
                    ? "version " + version.version() + " was published meanwhile by another writer"
                    : "import failed: " + e;
            reject(version, why, List.of(why), null);
            outcome = ImportMeters.REJECTED;
        } finally {
            running.remove(key(version));
            try {
                WorkFolders.deleteTree(work);
                if (upload != null) {
                    Files.deleteIfExists(upload);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("could not clean up %s: %s", work, e);
            }
        }
        meters.finished(timing, outcome);
    }

    private String copyAndPublish(ImportSpec spec, long fetchMs, DatasetVersion version, ImportProgress progress)
            throws IOException {
        Staging staging;
        VerificationReport report;
        // one read per file serves digest, decode and copy; the blobs become visible when the copy stage
        // commits them, and are discarded with the batch when ingest found a problem
        try (BlobBatch blobs = store.newBlobBatch()) {
            staging = importer.ingest(spec, version.version(), progress, blobs);
            if (fetchMs >= 0) {
                staging.timeMs("fetch", fetchMs);
            }
            report = importer.prepare(staging, blobs);
        }
        if (!report.passed()) {
            reject(version, DatasetVersion.reasonOf(report.problems()), report.problems(), report);
            return ImportMeters.REJECTED;
        }
        return publishUnlessKnown(version, staging, report);
    }

    /** Ends a writer's hold; a failure only delays collections until the hold expires, the import stands. */
    private static void release(WriterHold hold) {
        try {
            hold.close();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not release the store hold %s (it expires by itself): %s", hold.id(), e);
        }
    }

    private String publishUnlessKnown(DatasetVersion version, Staging staging, VerificationReport report)
            throws IOException {
        DatasetManifest manifest;
        VerificationReport published;
        // the split is recorded in the outbox before the version commits, and sent after: never lost, never sent
        // for a version that did not commit
        List<Announcement> split = new ArrayList<>(1);
        synchronized (catalog.lock(version.dataset())) {
            Optional<DatasetVersion> same = catalog.publishedWithDigest(version.dataset(), report.digest());
            if (same.isPresent()) {
                catalog.record(version.ready(same.get().report(), same.get().version(), clock.instant()));
                LOG.infof("dataset %s: request %s has the content of version %s, nothing published",
                        version.dataset(), version.version(), same.get().version());
                return ImportMeters.SAME_AS;
            }
            try {
                manifest = importer.publish(staging, report,
                        (staged, key, sha256) -> split.add(outcomes.splitOnCommit(staged, key, sha256)));
            } catch (IOException | RuntimeException e) {
                split.forEach(Announcement::discard);
                throw e;
            }
            published = importer.storedReport(staging, report); // as stored: no read and parse of it back
            catalog.record(version.ready(published, null, clock.instant()));
        }
        split.forEach(OutcomeEvents::deliver);
        return ImportMeters.READY;
    }

    /** Records {@code version} as REJECTED and announces it. */
    void reject(DatasetVersion version, String reason, List<String> problems, VerificationReport report) {
        DatasetVersion rejected = version.rejected(reason, problems, report, clock.instant());
        try {
            catalog.record(rejected);
        } catch (RuntimeException e) {
            catalog.put(rejected); // still answer for it until a restart
            LOG.error("could not journal a rejected version", e);
        }
        outcomes.rejected(rejected, reason, problems);
    }
}
