package io.sightline.trainer.jobs.backbone;

import io.sightline.trainer.training.TrainingFailure;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which TorchScript backbones this trainer may read: none but registered Sightline models unless an operator turns
 * URLs or files on, and then only from the configured hosts or folders, every URL pinned by a SHA-256 (a TorchScript
 * module is code: PyTorch runs what it holds). A plain data document of the settings, checked here without any
 * network or file access.
 *
 * @param urlsEnabled     whether {@code http(s)} backbones are read at all
 * @param hosts           host names (lower case, exact; {@code host:port} for a port other than the scheme's) a
 *                        download and every redirect may go to
 * @param httpAllowed     whether plain {@code http} is followed too; else https only
 * @param pins            SHA-256 by URL, for URLs the request need not pin itself
 * @param privateNetworks private or loopback address blocks a download may still connect to (an internal mirror);
 *                        metadata, link-local, unspecified and multicast addresses never
 * @param filesEnabled    whether file backbones are read at all
 * @param folders         folders a file backbone must lie in, after symlinks are resolved (absolute, normalised)
 */
public record BackbonePolicy(boolean urlsEnabled, Set<String> hosts, boolean httpAllowed, Map<String, String> pins,
                             List<AddressRange> privateNetworks, boolean filesEnabled, List<Path> folders) {

    static final String SETTINGS = "sightline.trainer.backbones.";
    public static final String URL_ENABLED = SETTINGS + "url.enabled";
    public static final String URL_HOSTS = SETTINGS + "url.hosts";
    public static final String URL_ALLOW_HTTP = SETTINGS + "url.allow-http";
    public static final String URL_PINS = SETTINGS + "url.pins";
    public static final String URL_PRIVATE_NETWORKS = SETTINGS + "url.private-networks";
    public static final String FILE_ENABLED = SETTINGS + "file.enabled";
    public static final String FILE_FOLDERS = SETTINGS + "file.folders";

    public BackbonePolicy {
        hosts = hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        pins = Map.copyOf(pins);
        privateNetworks = List.copyOf(privateNetworks);
        folders = folders.stream().map(f -> f.toAbsolutePath().normalize()).toList();
    }

    /** The default: registered Sightline models only. */
    public static BackbonePolicy registeredOnly() {
        return new BackbonePolicy(false, Set.of(), false, Map.of(), List.of(), false, List.of());
    }

    /** URLs from these hosts over https, pinned by the request, and nothing else. */
    public static BackbonePolicy urlsFrom(Set<String> hosts) {
        return new BackbonePolicy(true, hosts, false, Map.of(), List.of(), false, List.of());
    }

    /** Files from these folders, and nothing else. */
    public static BackbonePolicy filesIn(List<Path> folders) {
        return new BackbonePolicy(false, Set.of(), false, Map.of(), List.of(), true, folders);
    }

    public BackbonePolicy withHttp(boolean allowed) {
        return new BackbonePolicy(urlsEnabled, hosts, allowed, pins, privateNetworks, filesEnabled, folders);
    }

    public BackbonePolicy withPrivateNetworks(List<AddressRange> networks) {
        return new BackbonePolicy(urlsEnabled, hosts, httpAllowed, pins, networks, filesEnabled, folders);
    }

    public BackbonePolicy withPins(Map<String, String> urlPins) {
        return new BackbonePolicy(urlsEnabled, hosts, httpAllowed, urlPins, privateNetworks, filesEnabled, folders);
    }

    /**
     * Reads configured pins, each a URL with its {@value BackboneReference#PIN} fragment.
     *
     * @throws IllegalArgumentException naming the entry that is no pinned http(s) URL
     */
    public static Map<String, String> parsePins(List<String> entries) {
        Map<String, String> pins = new HashMap<>();
        for (String entry : entries) {
            try {
                BackboneReference reference = BackboneReference.parse(entry.strip());
                if (reference.kind() != BackboneReference.Kind.URL || reference.sha256() == null) {
                    throw new TrainingFailure("not an http(s) URL ending in " + BackboneReference.PIN + "<sha256>");
                }
                pins.put(reference.location(), reference.sha256());
            } catch (TrainingFailure e) {
                throw new IllegalArgumentException(URL_PINS + ": " + entry + ": " + e.getMessage(), e);
            }
        }
        return pins;
    }

    /**
     * Why a URL may not be read (the request's own or a redirect's), checked before any lookup or connection.
     *
     * @param baseModel the reference as the job names it, for the reason
     */
    Optional<String> urlRefusal(String baseModel, URI url) {
        if (!urlsEnabled) {
            return Optional.of("baseModel " + baseModel + ": this trainer reads no TorchScript URLs; an operator turns"
                    + " them on with " + URL_ENABLED + "=true and names the hosts in " + URL_HOSTS);
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && httpAllowed)) {
            return Optional.of("baseModel " + baseModel + ": only https URLs are read"
                    + (scheme.equals("http") ? " (plain http needs " + URL_ALLOW_HTTP + "=true)" : ""));
        }
        if (!hostAllowed(url)) {
            return Optional.of("baseModel " + baseModel + ": host " + hostAndPort(url) + " is not one this trainer"
                    + " downloads backbones from (" + URL_HOSTS + ")");
        }
        return Optional.empty();
    }

    /**
     * The SHA-256 a URL's download must have: the request's pin and the configured one must agree when both are
     * there; one of them must be.
     */
    String requiredPin(BackboneReference reference) throws TrainingFailure {
        String configured = pins.get(reference.location());
        if (configured != null && reference.sha256() != null && !configured.equals(reference.sha256())) {
            throw new TrainingFailure("baseModel " + reference.location() + ": the sha256 given differs from the one"
                    + " configured for this URL (" + URL_PINS + ")");
        }
        String pin = reference.sha256() != null ? reference.sha256() : configured;
        if (pin == null) {
            throw new TrainingFailure("baseModel " + reference.location() + " needs a sha256 pin: give baseModelSha256"
                    + " (or end the URL with " + BackboneReference.PIN + "<hex>), or have it configured in " + URL_PINS);
        }
        return pin;
    }

    /**
     * Why a file may not be read, from its lexical path alone: the answer is the same whether the file exists or not.
     */
    Optional<String> fileRefusal(String baseModel, Path normalised) {
        if (!filesEnabled) {
            return Optional.of("baseModel " + baseModel + ": this trainer reads no TorchScript files; an operator turns"
                    + " them on with " + FILE_ENABLED + "=true and names the folders in " + FILE_FOLDERS);
        }
        if (!inFolders(normalised)) {
            return Optional.of(outsideFolders(baseModel));
        }
        return Optional.empty();
    }

    /**
     * Whether a path lies in an allowed folder, as configured or with the folder's own symlinks resolved; given a
     * real path, whether the file really is inside.
     */
    boolean inFolders(Path path) {
        return folders.stream().anyMatch(folder -> path.startsWith(folder) || path.startsWith(real(folder)));
    }

    static String outsideFolders(String baseModel) {
        return "baseModel " + baseModel + " is not inside the folders this trainer reads backbones from ("
                + FILE_FOLDERS + ")";
    }

    private boolean hostAllowed(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return url.getPort() < 0 || url.getPort() == defaultPort(url) ? hosts.contains(host) || hosts.contains(
                host + ":" + defaultPort(url)) : hosts.contains(host + ":" + url.getPort());
    }

    static int defaultPort(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    static String hostAndPort(URI url) {
        return url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static Path real(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder;
        }
    }
}
