package io.sightline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named tokens kept as SHA-256 digests, each with its roles. Only digests are configured, so a leaked
 * configuration (a values file, an environment dump) does not leak a usable token.
 */
final class HashedTokens {

    /** One configured token: its name (the caller's principal), digest and roles. */
    record Entry(String name, byte[] sha256, Set<String> roles) {
    }

    private final List<Entry> entries;

    private HashedTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Both configured forms together.
     *
     * @throws IllegalArgumentException naming the entry (never its digest) when one is malformed
     */
    static HashedTokens of(Map<String, AuthConfig.NamedToken> named, Optional<String> list) {
        List<Entry> entries = new ArrayList<>();
        named.forEach((name, token) -> entries.add(entry(name, token.sha256(), token.roles())));
        list.filter(s -> !s.isBlank()).ifPresent(s -> {
            for (String item : s.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                String[] parts = item.strip().split(":", -1);
                if (parts.length != 3) {
                    throw new IllegalArgumentException("sightline.auth.token-list: an entry is not "
                            + "name:sha256hex:role+role (entry " + (entries.size() + 1) + ")");
                }
                entries.add(entry(parts[0], parts[1], Set.of(parts[2].split("\\+"))));
            }
        });
        return new HashedTokens(entries);
    }

    private static Entry entry(String name, String hex, Set<String> roles) {
        String where = "sightline.auth token '" + name + "'";
        if (name.isBlank()) {
            throw new IllegalArgumentException("sightline.auth: a hashed token has no name");
        }
        if (hex == null || !hex.strip().matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(where + ": sha256 must be 64 hex digits (sha256sum of the token)");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String role : roles) {
            String r = role.strip().toLowerCase(Locale.ROOT);
            if (!Roles.ALL.contains(r)) {
                throw new IllegalArgumentException(where + ": unknown role '" + role.strip() + "', expected one of "
                        + String.join(", ", List.of(Roles.READ, Roles.PREDICT, Roles.WRITE, Roles.ADMIN)));
            }
            checked.add(r);
        }
        return new Entry(name.strip(), HexFormat.of().parseHex(hex.strip().toLowerCase(Locale.ROOT)), Set.copyOf(checked));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The entry whose digest is the presented token's. Every entry is compared, each in constant time, so
     * the time taken says neither which entry nor how much of a digest matched.
     */
    Optional<Entry> match(String presented) {
        byte[] digest = sha256(presented);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(digest, entry.sha256()) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
