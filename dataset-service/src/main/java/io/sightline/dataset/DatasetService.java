package io.sightline.dataset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.events.SplitCounts;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
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
    private final DatasetSettings settings;
    private final S3Source s3;
    private final TreeMaterialiser trees;
    /** Imports under way, by {@code name@version}: what GET shows as progress while SPLITTING. */
    private final Map<String, ImportProgress> running = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param workers runs imports; the service shuts it down on {@link #close()}
     */
    public DatasetService(ArtifactStore store, DatasetSettings settings, DatasetEvents events, MeterRegistry meters,
                          ExecutorService workers, Clock clock) {
        this(store, settings, events, meters, workers, clock, new S3Source(settings.limits()));
    }

    DatasetService(ArtifactStore store, DatasetSettings settings, DatasetEvents events, MeterRegistry meters,
                   ExecutorService workers, Clock clock, S3Source s3) {
        this.store = store;
        this.settings = settings;
        this.s3 = s3;
        this.trees = new TreeMaterialiser(store, settings.threads());
        this.validator = new ImportValidator(settings);
        this.importer = new DatasetImporter(store, settings, clock);
        this.events = events;
        this.meters = meters;
        this.workers = workers;
        this.clock = clock;
        this.catalog = new DatasetCatalog(store);
    }

    /** Loads the published versions from the store; call once before serving. */
    public DatasetService recover() throws IOException {
        catalog.recover(clock.instant());
        // uploads and unpacked sources of imports a stop interrupted (those now come back REJECTED)
        deleteTree(settings.workDir());
        return this;
    }

    /**
     * Checks a request and queues it.
     *
     * @return the new version, PENDING
     * @throws InvalidImportException when the request cannot succeed as given
     */
    public DatasetVersion submit(ImportRequest request) {
        if (request != null && request.source() != null
                && request.source().startsWith(ImportValidator.ARCHIVE_PREFIX)) {
            throw new InvalidImportException("an archive is uploaded as the body of POST /datasets/{name}/archive");
        }
        return queue(validator.validate(request), null);
    }

    /** Checks an archive import's name and options without a source: 400 before any byte is received. */
    public void checkArchiveOptions(ImportRequest options) {
        validator.validate(new ImportRequest(options.name(), ImportValidator.ARCHIVE_PREFIX, options.testRatio(),
                options.validationRatio(), options.seed(), options.groupPattern()));
    }

    /**
     * Receives an upload body into the work folder, streaming: never more than a buffer in memory.
     *
     * @param declaredBytes the Content-Length, or -1 when unknown (chunked)
     * @return the received file; hand it to {@link #submitArchive}, which owns it from then on
     * @throws UploadTooLargeException when the body is, or says it is, over the limit
     */
    public Path receiveUpload(java.io.InputStream body, long declaredBytes) throws IOException {
        long limit = settings.limits().maxUploadBytes();
        if (declaredBytes > limit) {
            throw new UploadTooLargeException("upload of " + declaredBytes + " bytes is over the limit of " + limit);
        }
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(settings.workDir().resolve("uploads"));
        java.nio.file.Path file = dir.resolve(UUID.randomUUID() + ".upload");
        byte[] buffer = new byte[65536];
        long received = 0;
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file,
                java.nio.file.StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                received += n;
                if (received > limit) {
                    throw new UploadTooLargeException("upload is over the limit of " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            java.nio.file.Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /**
     * Queues the import of an uploaded archive (zip, tar, tar.gz). The request's source is ignored: the
     * version's source becomes {@code archive:sha256:<digest of the upload>}.
     *
     * @throws InvalidImportException when the options are invalid or the upload is not an archive; the
     *                                upload is deleted then
     */
    public DatasetVersion submitArchive(ImportRequest options, Path upload) throws IOException {
        try {
            if (ArchiveExtractor.detect(upload) == null) {
                throw new InvalidImportException("the upload is not a zip, tar or tar.gz archive");
            }
            String origin = ImportValidator.ARCHIVE_PREFIX + "sha256:" + io.sightline.storage.Sha256.of(upload);
            ImportSpec spec = validator.validate(new ImportRequest(options.name(), origin, options.testRatio(),
                    options.validationRatio(), options.seed(), options.groupPattern()));
            return queue(spec, upload);
        } catch (RuntimeException | IOException e) {
            java.nio.file.Files.deleteIfExists(upload);
            throw e;
        }
    }

    private DatasetVersion queue(ImportSpec spec, Path upload) {
        DatasetVersion pending = catalog.assign(spec.name(), clock.instant());
        ImportProgress progress = new ImportProgress();
        running.put(key(pending), progress);
        try {
            workers.execute(() -> process(spec, pending, upload, progress));
        } catch (RejectedExecutionException e) {
            running.remove(key(pending));
            finishRejected(pending, "the service is shutting down", List.of(), null);
            throw new IllegalStateException("the service is shutting down", e);
        }
        return pending;
    }

    private static String key(DatasetVersion v) {
        return v.dataset() + "@" + v.version();
    }

    /** Progress of an import under way. */
    public Optional<ImportProgress> progress(String dataset, String version) {
        return Optional.ofNullable(running.get(dataset + "@" + version));
    }

    /** Unpacks or downloads a fetched source into its own work folder; the spec to import from there. */
    private ImportSpec fetch(ImportSpec spec, Path upload, Path work, ImportProgress progress) throws IOException {
        Path into = work.resolve("extracted");
        Path folder = upload != null
                ? new ArchiveExtractor(settings.limits()).extract(upload, into, progress)
                : s3.fetch(S3Source.parse(spec.sourceText()), into, progress);
        return validator.fetched(spec, folder, into.toRealPath());
    }

    private void process(ImportSpec requested, DatasetVersion pending, Path upload, ImportProgress progress) {
        Timer.Sample timing = Timer.start(meters);
        DatasetVersion version = pending.splitting();
        catalog.put(version);
        String outcome;
        Path work = settings.workDir().resolve(version.dataset() + "-" + version.version() + "-" + UUID.randomUUID());
        try {
            long fetchStart = System.nanoTime();
            ImportSpec spec = requested.needsFetch() ? fetch(requested, upload, work, progress) : requested;
            long fetchMs = (System.nanoTime() - fetchStart) / 1_000_000;
            Staging staging;
            VerificationReport report;
            // one read per file serves digest, decode and copy; the blobs become visible when the copy stage
            // commits them, and are discarded with the batch when ingest found a problem
            try (BlobBatch blobs = store.newBlobBatch()) {
                staging = importer.ingest(spec, version.version(), progress, blobs);
                if (requested.needsFetch()) {
                    staging.timeMs("fetch", fetchMs);
                }
                report = importer.prepare(staging, blobs);
            }
            if (!report.passed()) {
                finishRejected(version, reasonOf(report.problems()), report.problems(), report);
                outcome = REJECTED;
            } else {
                outcome = publishUnlessKnown(version, staging, report);
            }
        } catch (InvalidImportException e) {
            finishRejected(version, e.getMessage(), List.of(e.getMessage()), null);
            outcome = REJECTED;
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "import of " + requested.name() + " version " + version.version()
                    + " failed", e);
            String why = e instanceof FileAlreadyExistsException
                    ? "version " + version.version() + " was published meanwhile by another writer"
                    : "import failed: " + e;
            finishRejected(version, why, List.of(why), null);
            outcome = REJECTED;
        } finally {
            running.remove(key(version));
            try {
                deleteTree(work);
                if (upload != null) {
                    java.nio.file.Files.deleteIfExists(upload);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not clean up " + work + ": " + e);
            }
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

    /**
     * Materialises a READY version as {@code train/ test/ val/} folders of class folders in the store
     * ({@code datasets/<name>/<v>/tree}), hard links to the blobs where the store keeps them as local
     * files, copies otherwise, and re-hashes every file against the manifest; when the tree exists it is
     * only re-hashed.
     *
     * @throws TreeMaterialiser.TreeMismatchException when a file of the tree does not match the manifest
     */
    public TreeMaterialiser.Tree materialise(String dataset, String version) throws IOException {
        String published = publishedVersion(dataset, version);
        DatasetManifest manifest = io.sightline.storage.StoreJson.read(
                store.read(StoreKeys.manifest(dataset, published)), DatasetManifest.class);
        return trees.materialise(manifest);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
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
