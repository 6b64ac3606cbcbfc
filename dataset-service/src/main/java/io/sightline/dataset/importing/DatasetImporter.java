package io.sightline.dataset.importing;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.split.SplitMode;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.DatasetManifest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The import pipeline. Each stage is a public method so the pipeline can be driven, and interfered with,
 * one stage at a time:
 * <ol>
 *   <li>{@link #ingest} ({@link SourceIngest}): scan the source, read every file once (size, SHA-256,
 *       decode as an image), plan the split;</li>
 *   <li>{@link #copy} ({@link BlobCopy}): put every file into the store as a content-addressed blob — or,
 *       when ingest was given a {@link BlobBatch}, commit the blobs it already put from the bytes it read
 *       (one read per file serves digest, decode and copy);</li>
 *   <li>{@link #verify} ({@link CopyVerification}): re-read every blob and every original and reconcile
 *       everything with the source;</li>
 *   <li>{@link #publish} ({@link VersionPublisher}): write the manifest and the verification report and
 *       make the version visible at once.</li>
 * </ol>
 * Originals are only ever read.
 */
public final class DatasetImporter {

    private final SourceIngest ingest;
    private final BlobCopy copy;
    private final CopyVerification verification;
    private final VersionPublisher publisher;

    /** An importer with the default settings but for the corrupt-file policy. */
    public DatasetImporter(ArtifactStore store, CorruptFilePolicy corruptFiles, Clock clock) {
        this(store, new DatasetSettings(List.of(), 0.2, 0, 42, SplitMode.STABLE, corruptFiles), clock);
    }

    public DatasetImporter(ArtifactStore store, DatasetSettings settings, Clock clock) {
        ParallelWork parallel = new ParallelWork(settings.threads());
        ImportFindings findings = new ImportFindings(settings);
        this.ingest = new SourceIngest(settings, findings, parallel);
        this.copy = new BlobCopy(store, parallel);
        this.verification = new CopyVerification(store, findings, parallel, clock);
        this.publisher = new VersionPublisher(store, clock);
    }

    /** Runs every stage but publishing: the staging and its report. */
    public VerificationReport prepare(Staging staging) {
        if (staging.problems().isEmpty()) {
            copy(staging);
        }
        return verify(staging);
    }

    /**
     * {@link #prepare(Staging)} for a staging ingested with {@code blobs}: commits them when ingest found no
     * problem (else the caller's close of the batch discards them), then verifies.
     */
    public VerificationReport prepare(Staging staging, BlobBatch blobs) {
        if (staging.problems().isEmpty()) {
            copy(staging, blobs);
        }
        return verify(staging);
    }

    /** Scans, reads and plans; problems found here (corrupt files, escaping symlinks) stop the import. */
    public Staging ingest(ImportSpec spec, String version) {
        return ingest(spec, version, new ImportProgress());
    }

    /** {@link #ingest(ImportSpec, String)}, reporting files read to {@code progress}. */
    public Staging ingest(ImportSpec spec, String version, ImportProgress progress) {
        return ingest(spec, version, progress, null);
    }

    /**
     * {@link #ingest(ImportSpec, String, ImportProgress)} that also puts every image into {@code copyInto}
     * from the bytes it read, when not null: they become visible only when {@link #copy(Staging, BlobBatch)}
     * commits the batch, after the checks of this stage passed.
     */
    public Staging ingest(ImportSpec spec, String version, ImportProgress progress, BlobBatch copyInto) {
        return ingest.ingest(spec, version, progress, copyInto);
    }

    /** Copies every staged file into the store in a blob batch of its own, committed at the end. */
    public void copy(Staging staging) {
        copy.copy(staging);
    }

    /**
     * {@link #copy(Staging)} into {@code batch}, which it commits; files ingest already put into it are not
     * read again.
     */
    public void copy(Staging staging, BlobBatch batch) {
        copy.copy(staging, batch);
    }

    /**
     * Checks the copy against the source: every source file in the version exactly once, every blob
     * re-read with the SHA-256 and size recorded before copying, originals unchanged, per-class counts
     * reconciled, no content on two sides. Problems found by earlier stages are included.
     */
    public VerificationReport verify(Staging staging) {
        return verification.verify(staging);
    }

    /**
     * Publishes a verified staging under {@code datasets/<name>/<version>}: both files appear at once, or
     * neither (when anything fails, including another writer publishing the same version first).
     */
    public DatasetManifest publish(Staging staging, VerificationReport report) throws IOException {
        return publisher.publish(staging, report, (manifest, key, sha256) -> { });
    }

    /** Called with the manifest's key and SHA-256 once it is staged, before the version becomes visible. */
    @FunctionalInterface
    public interface BeforeCommit {
        void staged(DatasetManifest manifest, String key, String sha256) throws IOException;
    }

    /** {@link #publish(Staging, VerificationReport)}, calling {@code beforeCommit} just before the commit. */
    public DatasetManifest publish(Staging staging, VerificationReport report,
                                   BeforeCommit beforeCommit) throws IOException {
        return publisher.publish(staging, report, beforeCommit);
    }

    /** The report {@link #publish} stored for {@code staging}: what {@link #readReport} reads back, without the read. */
    public VerificationReport storedReport(Staging staging, VerificationReport report) {
        return VersionPublisher.stored(staging, report);
    }

    /** Reads the stored report of a published version. */
    public VerificationReport readReport(String dataset, String version) throws IOException {
        return publisher.readReport(dataset, version);
    }
}
