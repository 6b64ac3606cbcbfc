package io.sightline.inference.routing;

import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficTarget;
import io.sightline.storage.StoreKeys;

/** Checks a traffic record from the topic before anything is loaded for it: hostile or broken ones are refused. */
final class TrafficRecords {

    private TrafficRecords() {
    }

    /** What is wrong with a record under {@code key}, or {@code null} when it can be applied. */
    static String problemWith(String key, ModelTrafficChanged split) {
        if (split == null) {
            return "no readable payload";
        }
        if (!StoreKeys.isValidName(split.model())) {
            return "invalid model name";
        }
        if (key != null && !key.equals(ModelTrafficChanged.key(split.model()))) {
            return "key " + key + " is not " + ModelTrafficChanged.key(split.model());
        }
        if (split.id() == null || split.changedAt() == null) {
            return "no id or time";
        }
        String canary = problemWith(split.model(), split.canary());
        return canary != null ? "canary: " + canary : problemWith(split.model(), split.shadow());
    }

    private static String problemWith(String model, TrafficTarget target) {
        if (target == null) {
            return null;
        }
        if (!StoreKeys.isValidName(target.version())) {
            return "invalid version";
        }
        if (!StoreKeys.modelVersion(model, target.version()).equals(target.artifactKey())) {
            return "artifact key " + target.artifactKey() + " is not the version's own folder";
        }
        if (target.percent() < 1 || target.percent() > 100) {
            return "percent " + target.percent() + " is not between 1 and 100";
        }
        return null;
    }
}
