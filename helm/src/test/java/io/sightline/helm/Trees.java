package io.sightline.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reading parsed YAML trees (maps, lists, scalars) without a cast at every step. */
final class Trees {

    private Trees() {
    }

    /** The value at a path of map keys, or null where the path ends early. */
    static Object at(Object tree, String... path) {
        Object node = tree;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object tree, String... path) {
        Object node = at(tree, path);
        return node instanceof Map<?, ?> ? (Map<String, Object>) node : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object tree, String... path) {
        Object node = at(tree, path);
        return node instanceof List<?> ? (List<Object>) node : List.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object tree, String... path) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object item : list(tree, path)) {
            maps.add((Map<String, Object>) item);
        }
        return maps;
    }

    /** Calls {@code visitor} with (path, map) for every map under {@code tree} whose key is {@code key}. */
    static void eachUnder(Object tree, String key, String path, BiConsumer<String, Object> visitor) {
        if (tree instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String childPath = path + "." + k;
                if (key.equals(k)) {
                    visitor.accept(childPath, v);
                }
                eachUnder(v, key, childPath, visitor);
            });
        } else if (tree instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                eachUnder(list.get(i), key, path + "[" + i + "]", visitor);
            }
        }
    }
}
