package io.sightline.trainer.jobs.backbone;

import io.sightline.trainer.training.TrainingFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A job's {@code baseModel} read for what it names: a registered Sightline model ({@code name[:version]}), a
 * TorchScript file ({@code /path/x.pt} or a {@code file:} URI) or a TorchScript URL ({@code http(s):}), and the
 * SHA-256 it is pinned to. The pin travels inside the reference as a {@value #PIN} fragment, as pip's hash-checking
 * URLs carry it: a URL fragment is never sent to the server, and the pin reaches the worker through the existing
 * {@code training.requested} payload.
 *
 * @param raw      the reference as given, pin included
 * @param kind     what it names
 * @param location the reference without its pin: model name, URL or file reference
 * @param sha256   the pinned SHA-256 in lower-case hex, or null
 */
public record BackboneReference(String raw, Kind kind, String location, String sha256) {

    /** The fragment that pins a backbone to a SHA-256: {@code https://host/x.pt#sha256=<64 hex digits>}. */
    public static final String PIN = "#sha256=";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    /** What a base model reference names. */
    public enum Kind {
        REGISTERED, FILE, URL
    }

    /**
     * Reads a reference; only its syntax is checked, nothing is looked up.
     *
     * @throws TrainingFailure when it is malformed: a bad pin, an unsupported scheme, a URL without a host
     */
    public static BackboneReference parse(String raw) throws TrainingFailure {
        int hash = raw.indexOf('#');
        String location = hash < 0 ? raw : raw.substring(0, hash);
        String sha256 = null;
        if (hash >= 0) {
            String pin = raw.substring(hash);
            if (!pin.startsWith(PIN) || !SHA256.matcher(pin.substring(PIN.length())).matches()) {
                throw new TrainingFailure("baseModel " + location + ": a pin must be " + PIN + "<64 hexadecimal digits>"
                        + " (or baseModelSha256 in the request), given once");
            }
            sha256 = pin.substring(PIN.length()).toLowerCase(Locale.ROOT);
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri = uri(location);
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new TrainingFailure("baseModel " + location + " is not a URL the trainer downloads: it needs a"
                        + " host and no user information");
            }
            return new BackboneReference(raw, Kind.URL, location, sha256);
        }
        if (lower.startsWith("file:") || !SCHEME.matcher(location).matches() && looksLikeFile(location)) {
            return new BackboneReference(raw, Kind.FILE, location, sha256);
        }
        if (SCHEME.matcher(location).matches()) {
            throw new TrainingFailure("baseModel " + location + " uses a scheme the trainer does not read; a base model"
                    + " is a registered model name[:version], an https URL or a file path");
        }
        if (sha256 != null) {
            throw new TrainingFailure("baseModel " + location + ": a sha256 pin only applies to a TorchScript URL or"
                    + " file, not to a registered model");
        }
        return new BackboneReference(raw, Kind.REGISTERED, location, null);
    }

    /** The URL of a {@link Kind#URL} reference. */
    URI uri() throws TrainingFailure {
        return uri(location);
    }

    /** The path of a {@link Kind#FILE} reference, absolute and normalised (no {@code ..}); symlinks not resolved. */
    Path path() throws TrainingFailure {
        try {
            Path file = location.toLowerCase(Locale.ROOT).startsWith("file:") ? Path.of(URI.create(location))
                    : Path.of(location);
            return file.toAbsolutePath().normalize();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new TrainingFailure("baseModel " + location + " is not a valid file path or file: URI", e);
        }
    }

    private static boolean looksLikeFile(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return location.contains("/") || lower.endsWith(".pt") || lower.endsWith(".pth");
    }

    private static URI uri(String location) throws TrainingFailure {
        try {
            return new URI(location).parseServerAuthority();
        } catch (URISyntaxException e) {
            throw new TrainingFailure("baseModel " + location + " is not a valid URL", e);
        }
    }
}
