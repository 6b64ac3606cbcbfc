package io.sightline.dataset.source;

import io.sightline.dataset.importing.ImportProgress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an uploaded zip, tar or tar.gz into an empty folder, refusing anything hostile before it can do
 * harm: entries whose names are absolute, contain {@code ..}, backslashes or control characters (zip-slip);
 * symbolic and hard links, devices and pipes; duplicate entries; and archive bombs (more entries, more
 * expanded bytes, or a higher compression ratio than {@link SourceLimits} allows — counted on the bytes
 * actually written, never trusted from headers). Entries stream from disk to disk: nothing is held in memory.
 */
public final class ArchiveExtractor {

    /** An archive format, told from the first bytes. */
    public enum Format { ZIP, TAR, TAR_GZ }

    private final SourceLimits limits;

    public ArchiveExtractor(SourceLimits limits) {
        this.limits = limits;
    }

    /** The format of the file, or null when it is none of zip, tar, tar.gz. */
    public static Format detect(Path file) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return Format.ZIP;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return Format.TAR_GZ;
        }
        if (n >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r') {
            return Format.TAR;
        }
        return null;
    }

    /**
     * Extracts {@code archive} into {@code into} (created, must not exist or be empty) and returns the
     * dataset root: {@code into} itself, or its single top folder when the archive wraps everything in one.
     *
     * @throws InvalidImportException naming the entry and the rule it breaks
     */
    public Path extract(Path archive, Path into, ImportProgress progress) throws IOException {
        Format format = detect(archive);
        if (format == null) {
            throw new InvalidImportException("the upload is not a zip, tar or tar.gz archive");
        }
        Files.createDirectories(into);
        Path root = into.toRealPath();
        long archiveBytes = Files.size(archive);
        Budget budget = new Budget(archiveBytes);
        if (format == Format.ZIP) {
            extractZip(archive, root, budget, progress);
        } else {
            extractTar(archive, format == Format.TAR_GZ, root, budget, progress);
        }
        return unwrap(root);
    }

    private void extractZip(Path archive, Path root, Budget budget, ImportProgress progress) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            if (entries.size() > limits.maxEntries()) {
                throw new InvalidImportException("archive has " + entries.size() + " entries, more than the limit of "
                        + limits.maxEntries());
            }
            progress.start("extract", entries.size());
            for (ZipArchiveEntry entry : entries) {
                Path target = target(root, entry.getName());
                if (entry.isUnixSymlink()) {
                    throw new InvalidImportException("archive entry is a symbolic link: " + printable(entry.getName()));
                }
                budget.entry();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        long written = write(in, root, target, budget, entry.getName());
                        long compressed = Math.max(1, entry.getCompressedSize());
                        if (written > SourceLimits.RATIO_FLOOR_BYTES
                                && (double) written / compressed > limits.maxCompressionRatio()) {
                            throw new InvalidImportException("archive entry " + printable(entry.getName())
                                    + " expands " + (written / compressed) + " times, more than the limit of "
                                    + limits.maxCompressionRatio() + " (archive bomb?)");
                        }
                    }
                }
                progress.advance();
            }
        }
    }

    private void extractTar(Path archive, boolean gzip, Path root, Budget budget, ImportProgress progress)
            throws IOException {
        progress.start("extract", 0);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 65536);
             InputStream raw = gzip ? new GzipCompressorInputStream(file, true) : file;
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = target(root, entry.getName());
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new InvalidImportException("archive entry is a " + (entry.isLink() ? "hard" : "symbolic")
                            + " link: " + printable(entry.getName()) + " -> " + printable(entry.getLinkName()));
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw new InvalidImportException("archive entry is a device or pipe: " + printable(entry.getName()));
                }
                budget.entry();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    write(tar, root, target, budget, entry.getName());
                } else {
                    throw new InvalidImportException("archive entry of an unsupported kind: " + printable(entry.getName()));
                }
                progress.advance();
            }
        }
    }

    /** Where an entry goes, or why it may not go anywhere. */
    static Path target(Path root, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidImportException("archive entry without a name");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new InvalidImportException("archive entry has an absolute path: " + printable(name));
        }
        if (name.indexOf('\\') >= 0) {
            throw new InvalidImportException("archive entry name contains a backslash: " + printable(name));
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new InvalidImportException("archive entry leaves the archive with '..': " + printable(name));
            }
            ClassNames.problem(part).ifPresent(why -> {
                throw new InvalidImportException("archive entry name " + printable(name) + ": " + why);
            });
            parts.add(part);
        }
        if (parts.isEmpty()) {
            return root;
        }
        Path target = root.resolve(String.join("/", parts)).normalize();
        if (!target.startsWith(root)) { // cannot happen after the checks above; a second line of defence
            throw new InvalidImportException("archive entry leaves the archive: " + printable(name));
        }
        return target;
    }

    private long write(InputStream in, Path root, Path target, Budget budget, String name) throws IOException {
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().startsWith(root)) { // nothing here makes links; defence in depth
            throw new InvalidImportException("archive entry leaves the archive: " + printable(name));
        }
        byte[] buffer = new byte[65536];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                written += n;
                budget.bytes(n);
                out.write(buffer, 0, n);
            }
        } catch (FileAlreadyExistsException e) {
            throw new InvalidImportException("archive holds the entry twice: " + printable(name));
        }
        return written;
    }

    /** Counts entries and expanded bytes against the limits as they are written. */
    private final class Budget {
        private final long archiveBytes;
        private long entries;
        private long expanded;

        Budget(long archiveBytes) {
            this.archiveBytes = Math.max(1, archiveBytes);
        }

        void entry() {
            if (++entries > limits.maxEntries()) {
                throw new InvalidImportException("archive has more than " + limits.maxEntries() + " entries");
            }
        }

        void bytes(long n) {
            expanded += n;
            if (expanded > limits.maxUncompressedBytes()) {
                throw new InvalidImportException("archive expands to more than " + limits.maxUncompressedBytes()
                        + " bytes (archive bomb?)");
            }
            if (expanded > SourceLimits.RATIO_FLOOR_BYTES
                    && (double) expanded / archiveBytes > limits.maxCompressionRatio()) {
                throw new InvalidImportException("archive expands more than " + limits.maxCompressionRatio()
                        + " times its size (archive bomb?)");
            }
        }
    }

    /**
     * {@code root} itself, or, while a folder holds nothing but one folder, that folder: archives wrap datasets in
     * folders ({@code GTSRB/Final_Training/Images/00000/…}), and one folder alone is never a dataset (one class).
     */
    static Path unwrap(Path root) throws IOException {
        Path inner = unwrapOnce(root);
        for (int depth = 0; !inner.equals(root) && depth < 16; depth++) {
            root = inner;
            inner = unwrapOnce(root);
        }
        return inner;
    }

    private static Path unwrapOnce(Path root) throws IOException {
        Path only = null;
        int count = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                if (SourceScanner.isIgnoredName(child.getFileName().toString())) {
                    continue;
                }
                count++;
                only = child;
            }
        }
        return count == 1 && Files.isDirectory(only, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? only : root;
    }

    private static String printable(String name) {
        return ClassNames.printable(name == null ? "" : name);
    }
}
