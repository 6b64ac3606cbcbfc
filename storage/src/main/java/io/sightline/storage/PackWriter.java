package io.sightline.storage;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One pack file being written, by a {@link PackedBlobBatch} or a repack: records appended, digests noted for its
 * index. Pack file: magic {@value #MAGIC}, then per blob its SHA-256 (32 bytes), length (int32, big-endian) and
 * content; the pack's name is the SHA-256 of the whole file.
 */
final class PackWriter {

    static final String MAGIC = "SLPACK01";
    /** A pack is closed and the next one started at about this size: no single file grows without bound. */
    static final long MAX_PACK_BYTES = 1L << 30;
    private static final int RECORD_HEADER = PackIndex.DIGEST_BYTES + 4;

    final Path file;
    private final FileOutputStream stream;
    private final MessageDigest packDigest = Sha256.newDigest();
    private final OutputStream out;
    private long position;
    private int count;
    private byte[] digests = new byte[1024 * PackIndex.DIGEST_BYTES];
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];

    PackWriter(Path file) throws IOException {
        this.file = file;
        this.stream = new FileOutputStream(file.toFile());
        this.out = new DigestOutputStream(new BufferedOutputStream(stream, 1 << 20), packDigest);
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        out.write(magic);
        position = magic.length;
    }

    boolean full(int nextLength) {
        return count > 0 && position + RECORD_HEADER + nextLength > MAX_PACK_BYTES;
    }

    void append(byte[] digest, byte[] content) throws IOException {
        out.write(digest);
        out.write(content.length >>> 24);
        out.write(content.length >>> 16);
        out.write(content.length >>> 8);
        out.write(content.length);
        out.write(content);
        if (count == offsets.length) {
            digests = Arrays.copyOf(digests, digests.length * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        System.arraycopy(digest, 0, digests, count * PackIndex.DIGEST_BYTES, PackIndex.DIGEST_BYTES);
        offsets[count] = position + RECORD_HEADER;
        lengths[count] = content.length;
        count++;
        position += RECORD_HEADER + content.length;
    }

    /** Flushes to disk (before any index can point into it) and returns its index. */
    PackIndex seal() throws IOException {
        out.flush();
        stream.getFD().sync();
        out.close();
        return PackIndex.of(Sha256.hex(packDigest.digest()), position, count, digests, offsets, lengths);
    }

    void discard() throws IOException {
        try {
            out.close();
        } catch (IOException ignored) {
            // removed below either way
        }
        Files.deleteIfExists(file);
    }
}
