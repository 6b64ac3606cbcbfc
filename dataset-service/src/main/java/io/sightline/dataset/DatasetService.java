package io.sightline.dataset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.SplitCounts;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The dataset service's use cases: accept an import (checked at once, done on a worker thread), answer
 * what versions exist and in which state, hand out their stored manifest and report.
 *
 * <p>Same content, same version: when a verified import's digest equals a published version's, nothing
 * is published and no event is sent; the request's version turns READY with {@code sameAs} pointing at the
 * published one and is not listed among the dataset's versions (docs/decisions/010).
 */
public final class DatasetService implements AutoCloseable {

    /** Outcome tag values of the metrics. */
    static final String READY = "ready";
    static final String REJECTED = "rejected";
    static final String SAME_AS = "same_as";

    /** Most problems carried by a {@link DatasetRejected} event; the rest is counted. */
    static final int MAX_PROBLEMS_IN_EVENT = 100;

    private static final System.Logger LOG = System.getLogger(DatasetService.class.getName());

    private final ArtifactStore store;
    private final ImportValidator validator;
    private final DatasetImporter importer;
    private final DatasetEvents events;
    private final MeterRegistry meters;
    private final ExecutorService workers;
    private final Clock clock;
    private final DatasetCatalog catalog;

    /**
     * @param workers runs imports; the service shuts it down on {@link #close()}
     */
    public DatasetService(ArtifactStore store, DatasetSettings settings, DatasetEvents events, MeterRegistry meters,
                          ExecutorService workers, Clock clock) {
        this.store = store;
        this.validator = new ImportValidator(settings);
        this.importer = new DatasetImporter(store, settings.corruptFiles(), clock);
        this.events = events;
        this.meters = meters;
        this.workers = workers;
        this.clock = clock;
        this.catalog = new DatasetCatalog(store);
    }

    /** Loads the published versions from the store; call once before serving. */
    public DatasetService recover() throws IOException {
        catalog.recover(clock.instant());
        return this;
    }

    /**
     * Checks a request and queues it.
     *
     * @return the new version, PENDING
     * @throws InvalidImportException when the request cannot succeed as given
     */
    public DatasetVersion submit(ImportRequest request) {
        ImportSpec spec = validator.validate(request);
        DatasetVersion pending = catalog.assign(spec.name(), clock.instant());
        try {
            workers.execute(() -> process(spec, pending));
        } catch (RejectedExecutionException e) {
            finishRejected(pending, "the service is shutting down", List.of(), null);
            throw new IllegalStateException("the service is shutting down", e);
        }
        return pending;
    }

    private void process(ImportSpec spec, DatasetVersion pending) {
        Timer.Sample timing = Timer.start(meters);
        DatasetVersion version = pending.splitting();
        catalog.put(version);
        String outcome;
        try {
            Staging staging = importer.ingest(spec, version.version());
            VerificationReport report = importer.prepare(staging);
            if (!report.passed()) {
                finishRejected(version, reasonOf(report.problems()), report.problems(), report);
                outcome = REJECTED;
            } else {
                outcome = publishUnlessKnown(version, staging, report);
            }
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "import of " + spec.name() + " version " + version.version()
                    + " failed", e);
            String why = e instanceof FileAlreadyExistsException
                    ? "version " + version.version() + " was published meanwhile by another writer"
                    : "import failed: " + e;
            finishRejected(version, why, List.of(why), null);
            outcome = REJECTED;
        }
        Counter.builder("sightline.dataset.splits").description("Dataset imports finished, by outcome")
                .tag("outcome", outcome).register(meters).increment();
        timing.stop(Timer.builder("sightline.dataset.split.duration")
                .description("Time from starting an import to READY or REJECTED").tag("outcome", outcome)
                .register(meters));
    }

    private String publishUnlessKnown(DatasetVersion version, Staging staging, VerificationReport report)
            throws IOException {
        DatasetManifest manifest;
        VerificationReport published;
        synchronized (catalog.lock(version.dataset())) {
            Optional<DatasetVersion> same = catalog.publishedWithDigest(version.dataset(), report.digest());
            if (same.isPresent()) {
                catalog.record(version.ready(same.get().report(), same.get().version(), clock.instant()));
                LOG.log(System.Logger.Level.INFO, "dataset " + version.dataset() + ": request " + version.version()
                        + " has the content of version " + same.get().version() + ", nothing published");
                return SAME_AS;
            }
            manifest = importer.publish(staging, report);
            published = importer.readReport(version.dataset(), version.version());
            catalog.record(version.ready(published, null, clock.instant()));
        }
        send(() -> events.split(splitEvent(manifest)));
        return READY;
    }

    private void finishRejected(DatasetVersion version, String reason, List<String> problems,
                                VerificationReport report) {
        DatasetVersion rejected = version.rejected(reason, problems, report, clock.instant());
        try {
            catalog.record(rejected);
        } catch (RuntimeException e) {
            catalog.put(rejected); // still answer for it until a restart
            LOG.log(System.Logger.Level.ERROR, "could not journal a rejected version", e);
        }
        List<String> carried = new ArrayList<>(problems.subList(0, Math.min(MAX_PROBLEMS_IN_EVENT, problems.size())));
        if (problems.size() > MAX_PROBLEMS_IN_EVENT) {
            carried.add("… and " + (problems.size() - MAX_PROBLEMS_IN_EVENT) + " more");
        }
        send(() -> events.rejected(new DatasetRejected(UUID.randomUUID().toString(), version.dataset(),
                version.version(), reason, List.copyOf(carried), rejected.completedAt())));
    }

    /** The version stays what it is when the event cannot be handed over; the failure is logged. */
    private static void send(Runnable emit) {
        try {
            emit.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not emit a dataset event", e);
        }
    }

    static DatasetSplit splitEvent(DatasetManifest manifest) {
        Map<String, SplitCounts> counts = new LinkedHashMap<>();
        manifest.counts().forEach((cls, bySplit) -> counts.put(cls, new SplitCounts(
                bySplit.getOrDefault(DatasetManifest.TRAIN, 0L).intValue(),
                bySplit.getOrDefault(DatasetManifest.TEST, 0L).intValue(),
                bySplit.getOrDefault(DatasetManifest.VALIDATION, 0L).intValue())));
        // the same published version always yields the same id: a re-sent event is recognisably a repeat
        String id = UUID.nameUUIDFromBytes((EventTypes.DATASET_SPLIT + '|' + manifest.dataset() + '|'
                + manifest.version() + '|' + manifest.digest()).getBytes(StandardCharsets.UTF_8)).toString();
        return new DatasetSplit(id, manifest.dataset(), manifest.version(), manifest.digest(),
                StoreKeys.manifest(manifest.dataset(), manifest.version()), manifest.classes(), counts,
                manifest.testRatio(), manifest.validationRatio(), manifest.seed(), manifest.createdAt());
    }

    /** One sentence: how many problems, and the first few. */
    static String reasonOf(List<String> problems) {
        if (problems.isEmpty()) {
            return "verification did not run";
        }
        String first = String.join("; ", problems.subList(0, Math.min(3, problems.size())));
        return problems.size() + (problems.size() == 1 ? " problem: " : " problems: ") + first
                + (problems.size() > 3 ? "; …" : "");
    }

    /** Names of the known datasets, sorted. */
    public List<String> datasets() {
        return catalog.names();
    }

    /** Versions of a dataset in id order, without requests that turned out to be the same as another. */
    public List<DatasetVersion> versions(String dataset) {
        List<DatasetVersion> all = List.copyOf(catalog.all(dataset));
        if (all.isEmpty()) {
            throw new UnknownDatasetException("no dataset named " + dataset);
        }
        return all.stream().filter(v -> v.sameAs() == null).toList();
    }

    /** The newest published version, if any. */
    public Optional<DatasetVersion> latestPublished(String dataset) {
        List<DatasetVersion> all = List.copyOf(catalog.all(dataset));
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).published()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    public DatasetVersion version(String dataset, String version) {
        return catalog.find(dataset, version).orElseThrow(() -> new UnknownDatasetException(
                catalog.all(dataset).isEmpty() ? "no dataset named " + dataset
                        : "dataset " + dataset + " has no version " + version));
    }

    /** The stored {@code manifest.json} of a READY version (of the version it is the same as). */
    public byte[] manifest(String dataset, String version) throws IOException {
        return store.read(StoreKeys.manifest(dataset, publishedVersion(dataset, version)));
    }

    /** The stored {@code verification.json} of a READY version (of the version it is the same as). */
    public byte[] verification(String dataset, String version) throws IOException {
        return store.read(StoreKeys.verification(dataset, publishedVersion(dataset, version)));
    }

    private String publishedVersion(String dataset, String version) {
        DatasetVersion state = version(dataset, version);
        if (state.status() != VersionStatus.READY) {
            throw new UnknownDatasetException("dataset " + dataset + " version " + version + " is " + state.status()
                    + ": nothing is published for it");
        }
        return state.sameAs() == null ? state.version() : state.sameAs();
    }

    /** Stops taking work; imports under way get a few seconds to finish. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
