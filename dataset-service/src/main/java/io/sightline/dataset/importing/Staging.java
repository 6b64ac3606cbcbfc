package io.sightline.dataset.importing;

import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.DatasetManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An import between its stages: what was read from the source (with sizes and digests taken before
 * copying), where each image goes, and what went wrong so far. {@link DatasetImporter}'s stages fill it
 * in; nothing in it is visible to anyone else.
 */
public final class Staging {

    /**
     * One image as read before copying.
     *
     * @param path      relative to the source root
     * @param className its class
     * @param original  the source file
     * @param sha256    content digest of the original before copying
     * @param bytes     size of the original before copying
     * @param width     decoded width
     * @param height    decoded height
     * @param split     its side (null until planned)
     * @param group     its group key (null until planned)
     * @param dhash     64-bit difference hash of its pixels
     */
    public record StagedFile(String path, String className, Path original, String sha256, long bytes,
                             int width, int height, String split, String group, long dhash) {

        /** A file as read, before the split placed it. */
        static StagedFile unplaced(SourceScanner.SourceFile file, String sha256, long bytes, ImageProbe.Result image) {
            return new StagedFile(file.path(), file.className(), file.file(), sha256, bytes, image.width(),
                    image.height(), null, null, image.dhash());
        }

        StagedFile placed(String split, String group) {
            return new StagedFile(path, className, original, sha256, bytes, width, height, split, group, dhash);
        }

        DatasetManifest.Entry entry() {
            return new DatasetManifest.Entry(path, className, sha256, bytes, width, height, split, group);
        }
    }

    private final ImportSpec spec;
    private final String version;
    private final SourceScanner.Listing listing;
    private final List<StagedFile> files = new ArrayList<>();
    private final List<VerificationReport.CorruptFile> corrupt = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Long> timingsMs = new LinkedHashMap<>();
    private final ImportProgress progress;
    private boolean copied;
    private boolean copiedWhileReading;

    Staging(ImportSpec spec, String version, SourceScanner.Listing listing) {
        this(spec, version, listing, new ImportProgress());
    }

    Staging(ImportSpec spec, String version, SourceScanner.Listing listing, ImportProgress progress) {
        this.spec = spec;
        this.version = version;
        this.listing = listing;
        this.progress = progress;
    }

    public ImportSpec spec() {
        return spec;
    }

    public String version() {
        return version;
    }

    /** The source as scanned before copying. */
    public SourceScanner.Listing listing() {
        return listing;
    }

    /** The images that go into the version, sorted by path. */
    public List<StagedFile> files() {
        return Collections.unmodifiableList(files);
    }

    public List<VerificationReport.CorruptFile> corrupt() {
        return Collections.unmodifiableList(corrupt);
    }

    /** Problems found so far; any problem rejects the import. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    public Map<String, Long> timingsMs() {
        return Collections.unmodifiableMap(timingsMs);
    }

    /** Whether the copy stage ran. */
    public boolean copied() {
        return copied;
    }

    /** The manifest entries, sorted by path. */
    public List<DatasetManifest.Entry> entries() {
        return files.stream().map(StagedFile::entry).toList();
    }

    /** The content digest of the version this staging would publish. */
    public String digest() {
        return DatasetManifest.digestOf(entries());
    }

    List<StagedFile> mutableFiles() {
        return files;
    }

    void corrupt(String path, String reason, String kind) {
        corrupt.add(new VerificationReport.CorruptFile(path, reason, kind));
    }

    /** Files read so far and in all, for the status while splitting. */
    public ImportProgress progress() {
        return progress;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void note(String note) {
        notes.add(note);
    }

    /** Records a stage timed outside the importer (fetching a source happens before ingest). */
    public void timeMs(String stage, long ms) {
        timingsMs.put(stage, ms);
    }

    void time(String stage, long startNanos) {
        timingsMs.put(stage, (System.nanoTime() - startNanos) / 1_000_000);
    }

    void markCopied() {
        copied = true;
    }

    /** Whether ingest put every image into a blob batch from the bytes it read (committed by copy). */
    boolean copiedWhileReading() {
        return copiedWhileReading;
    }

    void markCopiedWhileReading() {
        copiedWhileReading = true;
    }
}
