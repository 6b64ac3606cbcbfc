package io.sightline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A local folder as a tar stream, written while it is sent: no temporary copy of the dataset, one file in a
 * buffer at a time. Regular files only; a symlink is left out (it could lead anywhere on this machine) and said.
 */
final class FolderUpload {

    private final Path folder;
    private final List<Path> files;
    private final long totalBytes;
    private final AtomicLong filesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();

    private FolderUpload(Path folder, List<Path> files, long totalBytes) {
        this.folder = folder;
        this.files = files;
        this.totalBytes = totalBytes;
    }

    /** The regular files under {@code folder}, sorted; symlinks are counted in {@code skipped}. */
    static FolderUpload of(Path folder, AtomicLong skipped) throws IOException {
        long bytes = 0;
        List<Path> regular;
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> all = walk.filter(p -> !p.equals(folder)).sorted().toList();
            skipped.set(all.stream().filter(Files::isSymbolicLink).count());
            regular = all.stream().filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path file : regular) {
            bytes += Files.size(file);
        }
        return new FolderUpload(folder, regular, bytes);
    }

    int files() {
        return files.size();
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Progress for the bar: {@code files / total files, bytes / total bytes}. */
    String progress() {
        return ProgressLine.bar(bytesSent.get(), Math.max(1, totalBytes)) + " " + filesSent.get() + "/" + files.size()
                + " files, " + Format.bytes(bytesSent.get()) + " / " + Format.bytes(totalBytes);
    }

    /** A stream of the tar, written by a thread of its own as the reader takes it; a failure surfaces in the reader. */
    InputStream open(Runnable onProgress) {
        try {
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> write(out, onProgress), "sightline-tar");
            writer.setDaemon(true);
            writer.start();
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the tar to {@code out} and closes it. On a failure it is left open, never finished: the reader of a
     * pipe then fails ("write end dead") and the upload is aborted, so the service never sees a short tar that
     * reads as a complete, smaller dataset.
     */
    void write(OutputStream out, Runnable onProgress) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        try {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path file : files) {
                String name = folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(Files.size(file));
                tar.putArchiveEntry(entry);
                try (InputStream content = Files.newInputStream(file)) {
                    bytesSent.addAndGet(content.transferTo(tar));
                }
                tar.closeArchiveEntry();
                filesSent.incrementAndGet();
                onProgress.run();
            }
            tar.finish();
            tar.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("sightline: packing " + folder + " failed: " + e.getMessage());
        }
    }
}
