package io.sightline.trainer.jobs.backbone;

import io.sightline.trainer.training.TrainingFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
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
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * Fetches a TorchScript backbone given as an {@code http(s)} URL, on the worker, under the {@link BackbonePolicy}:
 * the URL and every redirect must name an allowed host and scheme; the host is looked up once, every address it
 * has must be public (or in a configured private network), and the connection goes to that checked address
 * ({@link PinnedHttpGet}); the bytes must hash to the pinned SHA-256 before anything loads them. Limits hold a
 * server that does not answer, stops sending or sends too much. Reasons name our host and what went wrong, never
 * what the server sent (no status line, header text or body): the trainer's log has the details for operators.
 *
 * <p>A download lands in a {@code .part} file moved into place only when complete and verified, so a failed one
 * leaves nothing; the file is named after the URL, so the jobs of a retrain binding replace one copy.
 */
final class BackboneDownload {

    private static final Logger LOG = Logger.getLogger(BackboneDownload.class);

    /** Torchvision's ImageNet feature extractors stay well below it (mobilenet_v2 9 MB, resnet152 230 MB). */
    static final long DEFAULT_MAX_BYTES = 1L << 30;
    static final Path DEFAULT_DIR = Path.of(System.getProperty("java.io.tmpdir"), "sightline-backbones");

    private static final int MAX_REDIRECTS = 5;

    private final BackbonePolicy policy;
    private final Path dir;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxBytes;
    private SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();

    /** A verified copy of a backbone and its SHA-256 (lower-case hex). */
    record Landed(Path file, String sha256) {
    }

    /**
     * @param dir            where downloads are kept (one file per URL)
     * @param connectTimeout longest wait for a connection and TLS handshake
     * @param readTimeout    longest wait for the answer, and then for each next piece of the file
     * @param maxBytes       largest file accepted
     */
    BackboneDownload(BackbonePolicy policy, Path dir, Duration connectTimeout, Duration readTimeout, long maxBytes) {
        this.policy = policy;
        this.dir = dir;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    /** Trusts what {@code factory} trusts instead of the JVM's default trust store (a test's own certificate). */
    BackboneDownload trusting(SSLSocketFactory factory) {
        this.tls = factory;
        return this;
    }

    static BackboneDownload defaults(BackbonePolicy policy) {
        return new BackboneDownload(policy, DEFAULT_DIR, Duration.ofSeconds(10), Duration.ofSeconds(60),
                DEFAULT_MAX_BYTES);
    }

    /**
     * Downloads a URL reference; the returned file stays until the next download of the same URL replaces it.
     *
     * @throws TrainingFailure when the policy refuses the URL or a redirect, the pin does not match, or the download
     *                         fails; nothing was connected to when the refusal is the policy's
     */
    Landed fetch(BackboneReference reference) throws TrainingFailure {
        String name = reference.location();
        URI current = reference.uri();
        Optional<String> refusal = policy.urlRefusal(name, current);
        if (refusal.isPresent()) {
            throw new TrainingFailure(refusal.get());
        }
        String pin = policy.requiredPin(reference);
        for (int redirects = 0; ; redirects++) {
            String host = BackbonePolicy.hostAndPort(current);
            InetAddress address = checkedAddress(name, current, redirects > 0);
            try (PinnedHttpGet answer = PinnedHttpGet.send(current, address, connectTimeout, readTimeout, tls)) {
                int status = answer.status();
                if (status / 100 == 3 && answer.header("location").isPresent()) {
                    if (redirects == MAX_REDIRECTS) {
                        throw new TrainingFailure("baseModel " + name + " could not be downloaded: more than "
                                + MAX_REDIRECTS + " redirects");
                    }
                    current = redirect(name, current, answer.header("location").get());
                    continue;
                }
                if (status != 200) {
                    LOG.warnf("backbone %s: host %s answered HTTP status %d", name, host, status);
                    throw new TrainingFailure("baseModel " + name + " could not be downloaded from host " + host
                            + " (HTTP status " + status + ", not 200)");
                }
                return land(name, answer, fileFor(name), pin);
            } catch (SocketTimeoutException e) {
                throw new TrainingFailure("baseModel " + name + " could not be downloaded from host " + host
                        + ": no connection or answer within " + seconds(connectTimeout.compareTo(readTimeout) > 0
                        ? connectTimeout : readTimeout), e);
            } catch (SSLException e) {
                LOG.warnf("backbone %s: TLS with host %s failed: %s", name, host, e.toString());
                throw new TrainingFailure("baseModel " + name + " could not be downloaded: the TLS handshake with host "
                        + host + " failed (a certificate not trusted or not issued for " + current.getHost() + ")", e);
            } catch (ConnectException e) {
                throw new TrainingFailure("baseModel " + name + " could not be downloaded: no connection to host "
                        + host, e);
            } catch (IOException e) {
                LOG.warnf("backbone %s: the download from host %s failed: %s", name, host, e.toString());
                throw new TrainingFailure("baseModel " + name + " could not be downloaded from host " + host
                        + ": the connection failed or the answer was not valid HTTP", e);
            }
        }
    }

    /**
     * Copies a file backbone the policy allowed into a private copy, hashing it on the way: the module loaded is
     * the one checked against the pin even if the original changes meanwhile.
     */
    Landed copy(String name, Path source, String pin) throws TrainingFailure {
        try (InputStream in = Files.newInputStream(source)) {
            return land(name, null, in, -1, fileFor(source.toString()), pin);
        } catch (IOException e) {
            throw new TrainingFailure("baseModel " + name + " is not a readable TorchScript file on the trainer", e);
        }
    }

    private Landed land(String name, PinnedHttpGet answer, Path file, String pin) throws IOException, TrainingFailure {
        long declared = answer.contentLength();
        if (declared > maxBytes) {
            throw tooLarge(name, "its Content-Length is " + size(declared));
        }
        return land(name, answer, answer.body(), declared, file, pin);
    }

    private Landed land(String name, PinnedHttpGet answer, InputStream in, long declared, Path file, String pin)
            throws IOException, TrainingFailure {
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, file.getFileName() + "-", ".part");
        try {
            MessageDigest digest = sha256();
            long received = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received += n;
                    if (received > maxBytes) {
                        throw tooLarge(name, answer == null ? "the file is larger" : "the download went past it and"
                                + " was stopped");
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new TrainingFailure("baseModel " + name + " could not be downloaded: nothing arrived for "
                        + seconds(readTimeout) + " after " + received + " bytes (read timeout)", e);
            }
            if (received == 0) {
                throw new TrainingFailure("baseModel " + name + (answer == null ? " is an empty file"
                        : " answered with an empty file"));
            }
            if (declared >= 0 && received != declared) {
                throw new TrainingFailure("baseModel " + name + " could not be downloaded: the connection ended after "
                        + received + " of " + declared + " bytes");
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (pin != null && !pin.equals(sha256)) {
                LOG.warnf("backbone %s: sha256 %s, pinned %s", name, sha256, pin);
                throw new TrainingFailure("baseModel " + name + ": the file's sha256 does not match the pinned "
                        + pin + "; it was not loaded");
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            return new Landed(file, sha256);
        } finally {
            deleteQuietly(part);
        }
    }

    /**
     * The one address the URL's host is connected to, looked up once here; every address the name has must be
     * allowed, so that no answer picks a refused one.
     */
    private InetAddress checkedAddress(String name, URI url, boolean redirected) throws TrainingFailure {
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new TrainingFailure("baseModel " + name + " could not be downloaded: " + (redirected
                    ? "a redirect led to a host" : "host " + host) + " that could not be resolved", e);
        }
        for (InetAddress address : addresses) {
            Optional<RefusedAddresses.Kind> kind = RefusedAddresses.refusal(address, policy.privateNetworks());
            if (kind.isPresent()) {
                LOG.warnf("backbone %s: host %s resolves to %s (%s); not connecting", name, host,
                        address.getHostAddress(), kind.get());
                throw new TrainingFailure("baseModel " + name + " is not downloaded: " + (redirected
                        ? "a redirect led to a host that resolves to " : "host " + host + " resolves to ")
                        + kind.get().description + ", which this trainer does not connect to");
            }
        }
        return addresses[0];
    }

    /** The next URL of a redirect, checked by the policy before anything is looked up; https never leads to http. */
    private URI redirect(String name, URI from, String location) throws TrainingFailure {
        URI to;
        try {
            to = from.resolve(new URI(location.strip())).parseServerAuthority();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new TrainingFailure("baseModel " + name + " could not be downloaded: host "
                    + BackbonePolicy.hostAndPort(from) + " redirected to an invalid location", e);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        boolean downgrade = "https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http");
        Optional<String> refusal = !scheme.equals("http") && !scheme.equals("https") || to.getHost() == null
                || to.getRawUserInfo() != null || downgrade ? Optional.of("not http(s), or from https to http")
                : policy.urlRefusal(name, to);
        if (refusal.isPresent()) {
            LOG.warnf("backbone %s: redirect from host %s to %s refused: %s", name, BackbonePolicy.hostAndPort(from),
                    to, refusal.get());
            throw new TrainingFailure("baseModel " + name + " is not downloaded: host " + BackbonePolicy.hostAndPort(from)
                    + " redirected to a URL this trainer does not read (only https, or http when allowed, to the hosts"
                    + " of " + BackbonePolicy.URL_HOSTS + "); the trainer's log names it");
        }
        return to;
    }

    private TrainingFailure tooLarge(String name, String detail) {
        return new TrainingFailure("baseModel " + name + " is larger than the " + size(maxBytes) + " this trainer"
                + " accepts for a TorchScript backbone: " + detail);
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20)) : bytes + " bytes";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Where a URL's (or file's) copy is kept: the same file for every job that names it, a name safe anywhere. */
    Path fileFor(String location) {
        return dir.resolve(fileName(location));
    }

    /** The name of a URL's (or file's) copy in the download folder. */
    static String fileName(String location) {
        byte[] hash = sha256().digest(location.getBytes(StandardCharsets.UTF_8));
        return "backbone-" + HexFormat.of().formatHex(hash, 0, 12) + ".pt";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
