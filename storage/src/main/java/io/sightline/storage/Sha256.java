package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex, the store's content addresses. */
public final class Sha256 {

    /** One digest per thread for whole arrays ({@link #digest}); {@code digest()} leaves it reset. */
    private static final ThreadLocal<MessageDigest> REUSED = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The 32-byte SHA-256 of {@code content}, by this thread's digest: {@code getInstance} per call costs more. */
    public static byte[] digest(byte[] content) {
        return REUSED.get().digest(content);
    }

    public static String of(byte[] content) {
        return hex(digest(content));
    }

    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    public static String of(InputStream in) throws IOException {
        MessageDigest sha = newDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
        }
        return hex(sha.digest());
    }

    /**
     * Copies a stream into a new file while hashing it; the file is deleted when the copy fails.
     *
     * @return the content's address and size
     */
    static BlobRef copy(InputStream content, Path file) throws IOException {
        MessageDigest sha = newDigest();
        long bytes;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            bytes = content.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new BlobRef(hex(sha.digest()), bytes);
    }

    /** Whether {@code text} is 64 lower-case hex digits (checked per call on hot paths: no regex). */
    public static boolean isHex(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
