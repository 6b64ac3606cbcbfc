package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.storage.StoreKeys;

/**
 * What a promotion must satisfy before anything it names is loaded. A record on the topic is no proof of
 * who wrote it: a promotion of model {@code m} may only name an artefact in {@code m}'s own folder of the
 * store ({@code models/m/...}), never another model's, a dataset, or a path out of the store.
 */
public final class PromotionChecks {

    private PromotionChecks() {
    }

    /** Why the promotion's artefact key does not lie under its model's folder, or null when it does. */
    public static String foreignArtifact(ModelPromoted promotion) {
        if (promotion == null || !StoreKeys.isValidName(promotion.model()) || promotion.artifactKey() == null) {
            return null; // not a usable promotion at all: told elsewhere
        }
        String folder = StoreKeys.modelVersions(promotion.model()) + "/";
        String key = promotion.artifactKey();
        if (!key.startsWith(folder) || key.length() == folder.length()) {
            return "artefact key " + printable(key) + " does not lie under " + folder;
        }
        for (String segment : key.substring(folder.length()).split("/", -1)) {
            if (!StoreKeys.isValidName(segment)) { // no "..", no "//", no trailing "/", nothing odd
                return "artefact key " + printable(key) + " is not a plain path under " + folder;
            }
        }
        return null;
    }

    /** A key fit for the log: bounded, control characters made visible. */
    private static String printable(String key) {
        String shown = key.length() > 200 ? key.substring(0, 200) + "…" : key;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }
}
