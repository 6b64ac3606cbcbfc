package io.sightline.dataset.source;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configured S3 connections and the rule that ties a request's {@code s3://} source to one of them. A
 * source names a bucket, a prefix and, optionally, a connection ({@code s3://bucket/prefix?connection=lab});
 * everything about where and how to connect comes from configuration. A request that says where to connect
 * ({@code endpoint=}, {@code region=}) would make this service sign requests with its credentials to a
 * server of the caller's choosing: it is refused before anything connects.
 */
public final class S3Connections {

    /** No connection configured: every {@code s3://} source is refused. */
    public static final S3Connections NONE = new S3Connections(Map.of(), null);

    private static final String CONNECTION = "connection";

    private final Map<String, S3Connection> byName;
    private final String defaultName;

    /**
     * @param byName      the connections by name
     * @param defaultName the connection of a source that names none; null: a source must name one
     */
    public S3Connections(Map<String, S3Connection> byName, String defaultName) {
        this.byName = Map.copyOf(byName);
        this.defaultName = defaultName == null || defaultName.isBlank() ? null : defaultName;
        if (this.defaultName != null && !this.byName.containsKey(this.defaultName)) {
            throw new IllegalArgumentException("the default s3 connection " + defaultName + " is not configured");
        }
    }

    /**
     * Where an allowed source lies.
     *
     * @param connection how to reach it
     * @param bucket     its bucket, one the connection allows
     * @param prefix     the key prefix, empty or ending in {@code /}
     */
    public record Location(S3Connection connection, String bucket, String prefix) {
    }

    /**
     * The location of {@code source}, checked: its bucket, its connection, and nothing else asked of it.
     *
     * @throws InvalidImportException saying what is not allowed
     */
    public Location resolve(String source) {
        URI uri;
        try {
            uri = URI.create(source);
        } catch (IllegalArgumentException e) {
            throw new InvalidImportException("source is not a valid s3:// URI: " + ClassNames.printable(source));
        }
        String bucket = uri.getRawAuthority();
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidImportException("an s3 source needs a bucket: s3://bucket/prefix, got "
                    + ClassNames.printable(source));
        }
        if (!isBucketName(bucket)) {
            throw new InvalidImportException("s3 source bucket is not allowed: not a bucket name (3-63 lower-case"
                    + " letters, digits, '.', '-'; no user, port or host)");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidImportException("an s3 source with a #fragment is not allowed");
        }
        S3Connection connection = connection(Optional.ofNullable(uri.getRawQuery()).map(S3Connections::connectionParam)
                .orElse(null));
        if (!connection.buckets().contains(bucket)) {
            throw new InvalidImportException("s3 bucket " + bucket + " is not allowed on connection "
                    + connection.name());
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        return new Location(connection, bucket, path.isEmpty() ? "" : path + "/");
    }

    /** The value of the one parameter a source may carry; any other is refused. */
    private static String connectionParam(String query) {
        String name = null;
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (!key.equals(CONNECTION) || eq < 0 || name != null) {
                throw new InvalidImportException("s3 source parameter " + ClassNames.printable(key.isEmpty() ? pair : key)
                        + " is not allowed: endpoints, regions and credentials come from the configured connections;"
                        + " a source names one with ?connection=<name>");
            }
            name = pair.substring(eq + 1);
        }
        return name;
    }

    private S3Connection connection(String asked) {
        String name = asked != null ? asked : defaultName;
        if (name == null) {
            throw new InvalidImportException("an s3 source must name a configured connection: "
                    + "s3://bucket/prefix?connection=<name>" + (byName.isEmpty() ? " (none is configured)" : ""));
        }
        S3Connection connection = byName.get(name);
        if (connection == null) {
            throw new InvalidImportException("s3 connection " + ClassNames.printable(name)
                    + " is not allowed: no such connection is configured");
        }
        return connection;
    }

    /** S3's bucket naming rules, which also keep a user, a port or an address out of the authority. */
    static boolean isBucketName(String bucket) {
        if (bucket.length() < 3 || bucket.length() > 63) {
            return false;
        }
        for (int i = 0; i < bucket.length(); i++) {
            char c = bucket.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return Character.isLetterOrDigit(bucket.charAt(0)) && Character.isLetterOrDigit(bucket.charAt(bucket.length() - 1));
    }
}
