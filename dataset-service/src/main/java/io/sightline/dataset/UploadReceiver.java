package io.sightline.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Receives an upload body into the work folder, streaming: never more than a buffer in memory. */
final class UploadReceiver {

    private final long maxUploadBytes;
    private final Path workDir;

    UploadReceiver(long maxUploadBytes, Path workDir) {
        this.maxUploadBytes = maxUploadBytes;
        this.workDir = workDir;
    }

    /**
     * @param declaredBytes the Content-Length, or -1 when unknown (chunked)
     * @return the received file
     * @throws UploadTooLargeException when the body is, or says it is, over the limit; nothing is kept then
     */
    Path receive(InputStream body, long declaredBytes) throws IOException {
        long limit = maxUploadBytes;
        if (declaredBytes > limit) {
            throw new UploadTooLargeException("upload of " + declaredBytes + " bytes is over the limit of " + limit);
        }
        Path dir = Files.createDirectories(workDir.resolve("uploads"));
        Path file = dir.resolve(UUID.randomUUID() + ".upload");
        byte[] buffer = new byte[65536];
        long received = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                received += n;
                if (received > limit) {
                    throw new UploadTooLargeException("upload is over the limit of " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
