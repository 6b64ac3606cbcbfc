package io.sightline.trainer.jobs.backbone;

import io.sightline.trainer.training.TrainingFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches a TorchScript backbone given as an {@code http(s)} URL, within limits: a server that does not answer,
 * stops sending or sends more than the cap fails the job with a reason, instead of holding a worker (and the
 * Kafka partition behind it) forever or filling the disk. A download lands in a {@code .part} file that is moved
 * into place only when complete, so a failed one leaves nothing behind; the file is named after the URL, so the
 * jobs of a retrain binding replace one copy rather than pile up copies until the trainer restarts.
 */
final class BackboneDownload {

    /** Torchvision's ImageNet feature extractors stay well below it (mobilenet_v2 9 MB, resnet152 230 MB). */
    static final long DEFAULT_MAX_BYTES = 1L << 30;
    static final BackboneDownload DEFAULT = new BackboneDownload(
            Path.of(System.getProperty("java.io.tmpdir"), "sightline-backbones"), Duration.ofSeconds(10),
            Duration.ofSeconds(60), DEFAULT_MAX_BYTES);

    /** Redirects followed; http to https counts as one (HttpURLConnection follows only same-scheme ones). */
    private static final int MAX_REDIRECTS = 5;

    private final Path dir;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxBytes;

    /**
     * @param dir            where downloads are kept (one file per URL)
     * @param connectTimeout longest wait for a connection, and before a job is queued for the answer too
     * @param readTimeout    longest wait for the answer, and then for each next piece of the file
     * @param maxBytes       largest file accepted
     */
    BackboneDownload(Path dir, Duration connectTimeout, Duration readTimeout, long maxBytes) {
        this.dir = dir;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    static boolean isUrl(String reference) {
        String lower = reference.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * Why the URL cannot be downloaded, checked cheaply before a job is queued: asks for its first byte and reads
     * only the status. Empty when it answers 2xx; whether the file is a usable module shows when the job runs.
     */
    Optional<String> problem(String url) {
        HttpURLConnection connection = null;
        try {
            connection = open(url, connectTimeout, true);
            return Optional.empty();
        } catch (TrainingFailure e) {
            return Optional.of(e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect(); // the body is not wanted
            }
        }
    }

    /** Downloads the URL; the returned file stays until the next download of the same URL replaces it. */
    Path fetch(String url) throws TrainingFailure {
        HttpURLConnection connection = open(url, readTimeout, false);
        Path part = null;
        try {
            long declared = connection.getContentLengthLong();
            if (declared > maxBytes) {
                throw tooLarge(url, "its Content-Length is " + size(declared));
            }
            Files.createDirectories(dir);
            Path file = fileFor(url);
            part = Files.createTempFile(dir, file.getFileName() + "-", ".part");
            long received = copy(url, connection, part);
            if (received == 0) {
                throw new TrainingFailure("baseModel " + url + " answered with an empty file");
            }
            if (declared >= 0 && received != declared) {
                throw new TrainingFailure("baseModel " + url + " could not be downloaded: the connection ended after "
                        + received + " of " + declared + " bytes");
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            return file;
        } catch (IOException e) {
            throw new TrainingFailure("baseModel " + url + " could not be downloaded: " + e, e);
        } finally {
            connection.disconnect();
            deleteQuietly(part);
        }
    }

    private long copy(String url, HttpURLConnection connection, Path part) throws IOException, TrainingFailure {
        long received = 0;
        try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received += n;
                if (received > maxBytes) {
                    throw tooLarge(url, "the download went past it and was stopped");
                }
                out.write(buffer, 0, n);
            }
            return received;
        } catch (SocketTimeoutException e) {
            throw new TrainingFailure("baseModel " + url + " could not be downloaded: nothing arrived for "
                    + seconds(readTimeout) + " after " + received + " bytes (read timeout)", e);
        }
    }

    /** An answered 2xx connection to the URL, redirects followed. */
    private HttpURLConnection open(String url, Duration answerTimeout, boolean firstByteOnly) throws TrainingFailure {
        URL current = toUrl(url);
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection;
            int status;
            try {
                connection = (HttpURLConnection) current.openConnection();
                connection.setConnectTimeout((int) connectTimeout.toMillis());
                connection.setReadTimeout((int) answerTimeout.toMillis());
                connection.setInstanceFollowRedirects(true);
                if (firstByteOnly) {
                    connection.setRequestProperty("Range", "bytes=0-0");
                }
                status = connection.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new TrainingFailure("baseModel " + url + " could not be downloaded: no answer within "
                        + seconds(answerTimeout) + " (" + e.getMessage() + ")", e);
            } catch (IOException | IllegalArgumentException e) {
                throw new TrainingFailure("baseModel " + url + " could not be downloaded: " + e, e);
            }
            String location = connection.getHeaderField("Location");
            if (status / 100 == 3 && location != null && redirects < MAX_REDIRECTS) {
                connection.disconnect();
                current = redirect(url, current, location);
                continue;
            }
            if (status / 100 != 2) {
                String message = connection.getHeaderField(0);
                connection.disconnect();
                throw new TrainingFailure("baseModel " + url + " answered " + (message != null ? message.trim()
                        : "HTTP " + status) + (current.toString().equals(url) ? "" : " (redirected to " + current + ")"));
            }
            return connection;
        }
    }

    private static URL redirect(String url, URL from, String location) throws TrainingFailure {
        try {
            URL to = from.toURI().resolve(location).toURL();
            if (!to.getProtocol().equals("http") && !to.getProtocol().equals("https")
                    || from.getProtocol().equals("https") && to.getProtocol().equals("http")) {
                throw new TrainingFailure("baseModel " + url + " redirects to " + to + ", which is not followed"
                        + " (only to http or https, never from https to http)");
            }
            return to;
        } catch (MalformedURLException | java.net.URISyntaxException | IllegalArgumentException e) {
            throw new TrainingFailure("baseModel " + url + " redirects to an invalid location: " + location, e);
        }
    }

    private static URL toUrl(String url) throws TrainingFailure {
        try {
            return URI.create(url).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new TrainingFailure("baseModel " + url + " is not a valid URL: " + e.getMessage(), e);
        }
    }

    private TrainingFailure tooLarge(String url, String detail) {
        return new TrainingFailure("baseModel " + url + " is larger than the " + size(maxBytes) + " this trainer"
                + " accepts for a TorchScript backbone: " + detail);
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20)) : bytes + " bytes";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Where a URL's download is kept: the same file for every job that names it, a name safe anywhere. */
    Path fileFor(String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return dir.resolve("backbone-" + HexFormat.of().formatHex(hash, 0, 12) + ".pt");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit(); // left for the exit, as the only way left
            }
        }
    }
}
