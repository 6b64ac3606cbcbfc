package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/** What a re-read found wrong with a stored blob ({@link ArtifactStore#damagedBlobs}). */
public enum BlobDamage {
    /** The store has no blob of that digest. */
    MISSING,
    /** The stored bytes do not hash to the blob's digest, or are not as many as expected. */
    MODIFIED;

    /** {@code missing} or {@code modified}, as reports say it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Re-reads one blob through {@link ArtifactStore#openBlob}: null when intact. */
    static BlobDamage reread(ArtifactStore store, BlobRef blob) throws IOException {
        if (!store.hasBlob(blob.sha256())) {
            return MISSING;
        }
        try (InputStream in = store.openBlob(blob.sha256())) {
            MessageDigest digest = Sha256.newDigest();
            // a buffer the size of the blob (up to 64 KiB), not a stream copy's 8 KiB: checks read many small ones
            byte[] buffer = new byte[(int) Math.max(1, Math.min(blob.bytes() + 1, 64 * 1024))];
            long read = 0;
            for (int n; (n = in.read(buffer)) >= 0; read += n) {
                digest.update(buffer, 0, n);
            }
            return read == blob.bytes() && Sha256.hex(digest.digest()).equals(blob.sha256()) ? null : MODIFIED;
        } catch (NoSuchFileException e) {
            return MISSING;
        }
    }

    /** Whether {@code length} bytes of {@code bytes} at {@code offset} are the blob {@code expected}. */
    static boolean intact(MessageDigest digest, byte[] bytes, int offset, int length, BlobRef expected) {
        if (length != expected.bytes()) {
            return false;
        }
        digest.update(bytes, offset, length);
        return Arrays.equals(digest.digest(), HexFormat.of().parseHex(expected.sha256()));
    }
}
