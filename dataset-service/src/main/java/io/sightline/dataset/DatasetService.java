package io.sightline.dataset;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.dataset.catalog.DatasetCatalog;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.ModelLineages;
import io.sightline.dataset.catalog.TreeMaterialiser;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.ImportProgress;
import io.sightline.dataset.importing.ImportSpec;
import io.sightline.dataset.importing.ImportValidator;
import io.sightline.dataset.payloads.PayloadQuery;
import io.sightline.dataset.payloads.PayloadSource;
import io.sightline.dataset.source.ArchiveExtractor;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.S3Connections;
import io.sightline.dataset.source.S3Source;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Sha256;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The dataset service's use cases: accept an import (checked at once, done on a worker thread by
 * {@link ImportRunner}), answer what versions exist and in which state, hand out their stored manifest and
 * report, materialise their folder tree.
 *
 * <p>Same content, same version: when a verified import's digest equals a published version's, nothing
 * is published and no event is sent; the request's version turns READY with {@code sameAs} pointing at the
 * published one and is not listed among the dataset's versions (docs/decisions/010).
 */
public final class DatasetService implements AutoCloseable {

    private final ArtifactStore store;
    private final ImportValidator validator;
    private final ImportQueue queue;
    private final Clock clock;
    private final DatasetCatalog catalog;
    private final DatasetSettings settings;
    /** Set by the first import queued: the warm-up ({@link #warmUp}) gives way to it. */
    private volatile boolean importQueued;
    private final UploadReceiver uploads;
    private final ImportRunner runner;
    private final TreeMaterialiser trees;
    private final DatasetDeleter deleter;

    /**
     * With the default queue bound and no s3 connection (every {@code s3://} source refused).
     *
     * @param workers runs imports; the service shuts it down on {@link #close()}
     */
    public DatasetService(ArtifactStore store, DatasetSettings settings, DatasetEvents events, MeterRegistry meters,
                          ExecutorService workers, Clock clock) {
        this(store, settings, events, meters, workers, clock, new S3Source(settings.limits(), S3Connections.NONE));
    }

    DatasetService(ArtifactStore store, DatasetSettings settings, DatasetEvents events, MeterRegistry meters,
                   ExecutorService workers, Clock clock, S3Source s3) {
        this(store, settings, events, meters,
                new ImportQueue(workers, ImportQueue.DEFAULT_CAPACITY, ImportQueue.DEFAULT_RETRY_AFTER), clock, s3);
    }

    /**
     * @param queue runs imports, bounded; the service closes it on {@link #close()}
     * @param s3    reads {@code s3://} sources through its configured connections
     */
    public DatasetService(ArtifactStore store, DatasetSettings settings, DatasetEvents events, MeterRegistry meters,
                          ImportQueue queue, Clock clock, S3Source s3) {
        this(store, settings, events, meters, queue, clock, new RemoteSources(s3, PayloadSource.DISABLED));
    }

    /** @param sources reads {@code s3://} sources through its connections, {@code payloads:} from its topic */
    public DatasetService(ArtifactStore store, DatasetSettings settings, DatasetEvents events, MeterRegistry meters,
                          ImportQueue queue, Clock clock, RemoteSources sources) {
        S3Source s3 = sources.s3();
        this.store = store;
        this.settings = settings;
        this.validator = new ImportValidator(settings, s3.connections(), sources.payloads());
        this.queue = queue;
        this.clock = clock;
        this.catalog = new DatasetCatalog(store);
        this.uploads = new UploadReceiver(settings.limits().maxUploadBytes(), settings.workDir());
        this.runner = new ImportRunner(store, settings, catalog, new SourceFetcher(settings.limits(), s3, validator,
                sources.payloads()),
                events, meters, clock);
        this.trees = new TreeMaterialiser(store, settings.threads());
        this.deleter = new DatasetDeleter(catalog, new ModelLineages(store), new OutcomeEvents(events), clock);
    }

    /** Loads the published versions from the store; call once before serving. */
    public DatasetService recover() throws IOException {
        catalog.recover(clock.instant());
        // uploads and unpacked sources of imports a stop interrupted (those now come back REJECTED)
        WorkFolders.deleteTree(settings.workDir());
        return this;
    }

    /**
     * Runs {@link ImportWarmUp} with this service's settings, in a folder of its work directory; it stops after its
     * current round once a real import was queued. {@code afterFirstRound} runs once, after the first round.
     */
    public ImportWarmUp.Result warmUp(int files, int rounds, long budgetMillis, Runnable afterFirstRound)
            throws IOException {
        return ImportWarmUp.run(settings, settings.workDir().resolve("warm-up-" + UUID.randomUUID()), files, rounds,
                budgetMillis, () -> importQueued, afterFirstRound);
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

    /**
     * Reads a folder source as {@code request} would import it, without importing: its layout and what it holds.
     *
     * @throws InvalidImportException when the request is invalid, the source is not a folder, or its layout cannot
     *                                be told
     */
    public SourceScanner.Listing previewLayout(ImportRequest request) throws IOException {
        if (request != null && (S3Source.isS3(request.source()) || PayloadQuery.isPayloads(request.source())
                || (request.source() != null
                && request.source().startsWith(ImportValidator.ARCHIVE_PREFIX)))) {
            throw new InvalidImportException("the layout of an s3://, payloads: or archive source is told when it is imported;"
                    + " a preview reads folder sources");
        }
        ImportRequest named = request != null && request.name() == null
                ? new ImportRequest("preview", request.source(), request.testRatio(), request.validationRatio(),
                request.seed(), request.groupPattern(), request.options()) : request;
        ImportSpec spec = validator.validate(named);
        SourceScanner.Listing listing = new SourceScanner().scan(spec.source(), spec.importRoot(), spec.layout());
        if (listing.layout() == null) {
            throw new InvalidImportException("layout cannot be told: " + listing.why());
        }
        return listing;
    }

    /**
     * Checks an archive import's name and options without a source, and that the queue has room: 400 or 429
     * before any byte is received.
     */
    public void checkArchiveOptions(ImportRequest options) {
        validator.validate(options.withSource(ImportValidator.ARCHIVE_PREFIX));
        queue.requireRoom();
    }

    /**
     * Receives an upload body into the work folder, streaming: never more than a buffer in memory.
     *
     * @param declaredBytes the Content-Length, or -1 when unknown (chunked)
     * @return the received file; hand it to {@link #submitArchive}, which owns it from then on
     * @throws UploadTooLargeException when the body is, or says it is, over the limit
     */
    public Path receiveUpload(InputStream body, long declaredBytes) throws IOException {
        return uploads.receive(body, declaredBytes);
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
            String origin = ImportValidator.ARCHIVE_PREFIX + "sha256:" + Sha256.of(upload);
            ImportSpec spec = validator.validate(options.withSource(origin));
            return queue(spec, upload);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(upload);
            throw e;
        }
    }

    private DatasetVersion queue(ImportSpec spec, Path upload) {
        importQueued = true;
        queue.reserve(); // before a version number is taken: a refused request leaves no trace
        DatasetVersion pending;
        try {
            pending = catalog.assign(spec.name(), clock.instant());
        } catch (RuntimeException e) {
            queue.release();
            throw e;
        }
        ImportProgress progress = runner.track(pending);
        try {
            queue.run(() -> runner.run(spec, pending, upload, progress));
        } catch (RejectedExecutionException e) {
            runner.untrack(pending);
            runner.reject(pending, "the service is shutting down", List.of(), null);
            throw new IllegalStateException("the service is shutting down", e);
        }
        return pending;
    }

    /** Progress of an import under way. */
    public Optional<ImportProgress> progress(String dataset, String version) {
        return runner.progress(dataset, version);
    }

    /** Names of the known datasets, sorted. */
    public List<String> datasets() {
        return catalog.names();
    }

    /**
     * Versions of a dataset in id order, without requests that turned out to be the same as another, and without
     * deleted versions (tombstones are listed, status DELETED).
     */
    public List<DatasetVersion> versions(String dataset) {
        List<DatasetVersion> shown = catalog.shown(dataset);
        if (shown.isEmpty()) {
            throw new UnknownDatasetException("no dataset named " + dataset);
        }
        return shown.stream().filter(v -> v.sameAs() == null).toList();
    }

    /** {@link #versions}, empty for a dataset not (or no longer) there. */
    public List<DatasetVersion> versionsIfAny(String dataset) {
        return catalog.shown(dataset).stream().filter(v -> v.sameAs() == null).toList();
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

    /** A version as it stands (a tombstone: DELETED); a deleted version without a tombstone is unknown. */
    public DatasetVersion version(String dataset, String version) {
        DatasetVersion found = catalog.find(dataset, version).orElseThrow(() -> new UnknownDatasetException(
                catalog.shown(dataset).isEmpty() ? "no dataset named " + dataset
                        : "dataset " + dataset + " has no version " + version));
        if (found.gone()) {
            throw new UnknownDatasetException("dataset " + dataset + " version " + version + " was deleted");
        }
        return found;
    }

    /** The stored {@code manifest.json} of a READY version (of the version it is the same as). */
    public byte[] manifest(String dataset, String version) throws IOException {
        return store.read(StoreKeys.manifest(dataset, publishedVersion(dataset, version)));
    }

    /** The stored {@code verification.json} of a READY version (of the version it is the same as). */
    public byte[] verification(String dataset, String version) throws IOException {
        return store.read(StoreKeys.verification(dataset, publishedVersion(dataset, version)));
    }

    /** The version whose folder holds the metadata: its own, or the one it is the same as; tombstones keep theirs. */
    private String publishedVersion(String dataset, String version) {
        DatasetVersion state = version(dataset, version);
        if (state.status() != VersionStatus.READY && state.status() != VersionStatus.DELETED) {
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
     * @throws io.sightline.dataset.catalog.TreeMismatchException when a file of the tree does not match the manifest
     */
    public TreeMaterialiser.Tree materialise(String dataset, String version) throws IOException {
        if (version(dataset, version).status() == VersionStatus.DELETED) {
            throw new VersionDeletedException("dataset " + dataset + " version " + version
                    + " was deleted: only its manifest and verification are kept (a model's lineage names it)");
        }
        String published = publishedVersion(dataset, version);
        DatasetManifest manifest = StoreJson.read(store.read(StoreKeys.manifest(dataset, published)),
                DatasetManifest.class);
        return trees.materialise(manifest);
    }

    /**
     * Deletes a version: a tombstone when a model's lineage names it, else removed; announced as
     * {@code dataset.deleted}.
     *
     * @param by who asks (the caller's name)
     * @throws InvalidImportException  for a name that cannot be a dataset or version
     * @throws UnknownDatasetException for one that is not there
     * @throws DatasetBusyException    while its import runs
     */
    public DeleteResult deleteVersion(String dataset, String version, String by) throws IOException {
        checkNames(dataset, version);
        return deleter.deleteVersion(dataset, version, by, "deleted by " + by);
    }

    /** Deletes every version of a dataset, each as {@link #deleteVersion}; refused while an import of it runs. */
    public DeleteResult deleteDataset(String dataset, String by) throws IOException {
        checkNames(dataset, null);
        return deleter.deleteDataset(dataset, by);
    }

    /** @throws InvalidImportException for a dataset (or version, when not null) name the store would refuse */
    public static void checkNames(String dataset, String version) {
        if (!StoreKeys.isValidName(dataset)) {
            throw new InvalidImportException("a dataset name is 1-128 letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit; got: " + printable(dataset));
        }
        if (version != null && !StoreKeys.isValidName(version)) {
            throw new InvalidImportException("a version is a number such as 3; got: " + printable(version));
        }
    }

    /** A caller's value fit to repeat in an answer: control characters escaped, long ones cut. */
    private static String printable(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> out.append(Character.isISOControl(c) || Character.getType(c)
                == Character.FORMAT ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return "\"" + out + (value.length() > 80 ? "…" : "") + "\"";
    }

    DatasetCatalog catalog() {
        return catalog;
    }

    DatasetDeleter deleter() {
        return deleter;
    }

    /** Stops taking work; imports under way get a few seconds to finish. */
    @Override
    public void close() {
        queue.close();
    }
}
