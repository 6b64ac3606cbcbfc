package io.sightline.dataset.importing;

import io.sightline.dataset.source.FileStamp;
import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Sha256;
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
     * @param source    the file as it was read from the source, and how the image derives from it
     */
    public record StagedFile(String path, String className, Path original, String sha256, long bytes,
                             int width, int height, String split, String group, long dhash, Origin source) {

        /**
         * The source file behind an image.
         *
         * @param sha256 its digest before copying (the image's own unless cropped)
         * @param bytes  its size before copying
         * @param given  the split it shipped in, or null
         * @param crop   the region the image is, or null when the image is the file itself
         * @param stamp  what the file system said of it before it was read, or null (it is re-hashed after copying)
         */
        public record Origin(String sha256, long bytes, String given, DatasetManifest.Crop crop, FileStamp stamp) {
        }

        /** A file as read, before the split placed it. */
        static StagedFile unplaced(SourceScanner.SourceFile file, String sha256, long bytes, ImageProbe.Result image,
                                   FileStamp stamp) {
            return new StagedFile(file.path(), file.className(), file.file(), sha256, bytes, image.width(),
                    image.height(), null, null, image.dhash(), new Origin(sha256, bytes, file.split(), null, stamp));
        }

        /** A region of a file as read, before the split placed it: the image is the crop's PNG. */
        static StagedFile cropped(SourceScanner.SourceFile file, String originalSha256, long originalBytes,
                                  ImageProbe.Cropped crop, FileStamp stamp) {
            return new StagedFile(file.path(), file.className(), file.file(), Sha256.of(crop.png()), crop.png().length,
                    crop.width(), crop.height(), null, null, crop.dhash(),
                    new Origin(originalSha256, originalBytes, file.split(), file.crop(), stamp));
        }

        StagedFile placed(String split, String group) {
            return new StagedFile(path, className, original, sha256, bytes, width, height, split, group, dhash,
                    source);
        }

        /** The split the file shipped in, or null. */
        public String givenSplit() {
            return source.given();
        }

        DatasetManifest.Entry entry() {
            return new DatasetManifest.Entry(path, className, sha256, bytes, width, height, split, group,
                    source.crop(), source.crop() == null ? null : source.sha256());
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
    private int originalsKnown;

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
        return DatasetManifest.digestOf(entries(), listing.classNames());
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

    /** Records how many originals the read stage staged as an earlier import read them ({@link KnownFiles}). */
    void reusedKnown(int files) {
        originalsKnown = files;
    }

    /** Originals staged as an earlier import read them, without reading them again. */
    int originalsKnown() {
        return originalsKnown;
    }
}
