package io.sightline.auth;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Sightline roles from the groups a verified JWT names in its roles claim. */
final class JwtRoles {

    private final Map<String, List<String>> mapping;

    JwtRoles(Map<String, List<String>> mapping) {
        this.mapping = mapping;
    }

    /** The roles of a claim's value: a JSON array of strings, a collection, or one space-separated string. */
    Set<String> of(Object claim) {
        Set<String> roles = new HashSet<>();
        for (String group : groups(claim)) {
            if (Roles.ALL.contains(group)) {
                roles.add(group);
            }
            for (String mapped : mapping.getOrDefault(group, List.of())) {
                String role = mapped.strip().toLowerCase(Locale.ROOT);
                if (Roles.ALL.contains(role)) {
                    roles.add(role);
                }
            }
        }
        return Set.copyOf(roles);
    }

    private static List<String> groups(Object claim) {
        if (claim instanceof JsonArray array) {
            return array.stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING)
                    .map(v -> ((JsonString) v).getString()).toList();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(v -> v instanceof JsonString s ? s.getString() : String.valueOf(v)).toList();
        }
        if (claim instanceof JsonString text) {
            return List.of(text.getString().trim().split("\\s+"));
        }
        if (claim instanceof String text) {
            return List.of(text.trim().split("\\s+"));
        }
        return List.of();
    }
}
