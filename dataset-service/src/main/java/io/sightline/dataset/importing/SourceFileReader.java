package io.sightline.dataset.importing;

import io.sightline.dataset.source.FileStamp;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.util.Arrays;

/** Reads one source file once: size, SHA-256, decode and, when asked, the copy into a blob batch. */
final class SourceFileReader {

    /** Largest file read as an image; bigger ones are corrupt by definition (and would not fit in memory). */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    /** What reading one file gave. */
    sealed interface Outcome permits Staged, Corrupt, CopyFailed {
    }

    /** A usable image. */
    record Staged(Staging.StagedFile file) implements Outcome {
    }

    /** Not a usable image, and why. */
    record Corrupt(VerificationReport.CorruptFile file) implements Outcome {
    }

    /** A usable image that could not be put into the blob batch: a problem of the import. */
    record CopyFailed(String problem) implements Outcome {
    }

    private final ImageProbe probe;

    SourceFileReader() {
        this(DecodeBudget.ofHeap());
    }

    SourceFileReader(DecodeBudget budget) {
        this.probe = new ImageProbe(ImageProbe.MAX_PIXELS, budget);
    }

    /**
     * Reads {@code file}, whose {@link FileStamp} (or null) was taken just before: a write from then on changes the
     * stamp, which the check after copying sees. Puts its bytes into {@code copyInto} when not null.
     */
    Outcome read(SourceScanner.SourceFile file, FileStamp stamp, BlobBatch copyInto) {
        byte[] content;
        // one open serves size, digest, decode and copy: the size comes from the open file, not a second lookup
        try (SeekableByteChannel channel = Files.newByteChannel(file.file())) {
            // with a stamp, its size: a file that changes from here on moves its stamp, and the check after copying
            // re-hashes it (decision 110), so neither a size lookup nor a read past the end is needed
            long size = stamp != null ? stamp.size() : channel.size();
            if (size > MAX_FILE_BYTES) {
                return new Corrupt(new VerificationReport.CorruptFile(file.path(),
                        "too large for an image: " + size + " bytes", "too-large"));
            }
            content = readFully(channel, (int) size, stamp == null);
        } catch (IOException e) {
            return new Corrupt(new VerificationReport.CorruptFile(file.path(), e.toString(), "unreadable"));
        }
        ImageProbe.Result image = probe.probe(content);
        if (!image.decoded()) {
            String kind = content.length == 0 ? "empty"
                    : image.failure().startsWith("not a recognised") ? "not-an-image"
                    : image.failure().startsWith("too large") ? "too-large" : "undecodable";
            return new Corrupt(new VerificationReport.CorruptFile(file.path(), image.failure(), kind));
        }
        if (file.crop() == null) {
            String sha256;
            if (copyInto == null) {
                sha256 = Sha256.of(content);
            } else {
                try {
                    // the batch hashes what it stores: its digest is the file's, and the file is hashed once
                    sha256 = copyInto.put(content).sha256();
                } catch (IOException e) {
                    return new CopyFailed("copy failed: " + file.path() + " (" + e.getMessage() + ")");
                }
            }
            return new Staged(Staging.StagedFile.unplaced(file, sha256, content.length, image, stamp));
        }
        String sha256 = Sha256.of(content);
        ImageProbe.Cropped crop = probe.crop(content, file.crop());
        if (crop.failure() != null) {
            return new Corrupt(new VerificationReport.CorruptFile(file.path(), crop.failure(), "bad-roi"));
        }
        Staging.StagedFile staged = Staging.StagedFile.cropped(file, sha256, content.length, crop, stamp);
        if (copyInto != null) {
            try {
                copyInto.put(crop.png());
            } catch (IOException e) {
                return new CopyFailed("copy failed: " + file.path() + " (" + e.getMessage() + ")");
            }
        }
        return new Staged(staged);
    }

    /** The image a staged crop is, made again from its original: the copy stage stores these bytes. */
    byte[] cropAgain(Staging.StagedFile file) throws IOException {
        ImageProbe.Cropped crop = probe.crop(Files.readAllBytes(file.original()), file.source().crop());
        if (crop.failure() != null) {
            throw new IOException(crop.failure());
        }
        return crop.png();
    }

    /**
     * The rest of {@code channel}, expected to be {@code size} bytes; when {@code toTheEnd}, a file that grew meanwhile
     * is read to its end.
     */
    private static byte[] readFully(SeekableByteChannel channel, int size, boolean toTheEnd) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading: a read may return fewer bytes than asked
        }
        if (buffer.hasRemaining()) {
            return Arrays.copyOf(buffer.array(), buffer.position()); // shrank meanwhile
        }
        if (!toTheEnd) {
            return buffer.array();
        }
        // one byte past the expected end says whether it grew, without a stream and its 8 KiB buffer per file
        ByteBuffer probe = ByteBuffer.allocate(1);
        int past;
        while ((past = channel.read(probe)) == 0) {
            // a channel may return nothing without being at its end
        }
        if (past < 0) {
            return buffer.array();
        }
        byte[] more = Channels.newInputStream(channel).readAllBytes();
        byte[] grown = Arrays.copyOf(buffer.array(), size + 1 + more.length);
        grown[size] = probe.get(0);
        System.arraycopy(more, 0, grown, size + 1, more.length);
        return grown;
    }
}
