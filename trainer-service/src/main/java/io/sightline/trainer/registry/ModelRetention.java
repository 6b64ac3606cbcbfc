package io.sightline.trainer.registry;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How many candidate versions of a model to keep, and for how long: the configured defaults, overridden per model by
 * {@code models/<model>/retention.json}. The champion is never a candidate, so never removed by retention.
 */
public final class ModelRetention {

    /** Retention file name under a model's folder. */
    public static final String FILE = "retention.json";

    private final ArtifactStore store;
    private final PublishedModels registry;
    private final Policy defaults;

    /**
     * The policy of one model.
     *
     * @param keepLast   candidates kept, newest first; 0 keeps all
     * @param maxAgeDays candidates older than this many days go; null keeps them whatever their age
     */
    public record Policy(int keepLast, Double maxAgeDays) {
    }

    /**
     * A model's stored override; a null field means the configured default.
     *
     * @param keepLast   candidates kept (0: all)
     * @param maxAgeDays days a candidate is kept
     */
    public record StoredPolicy(Integer keepLast, Integer maxAgeDays, Instant updatedAt, String by) {
    }

    /** @param maxAge configured age limit; null for none */
    public ModelRetention(ArtifactStore store, PublishedModels registry, int keepCandidates, Duration maxAge) {
        this.store = store;
        this.registry = registry;
        this.defaults = new Policy(keepCandidates, maxAge == null ? null : maxAge.toSeconds() / 86_400.0);
    }

    static String key(String model) {
        return StoreKeys.modelVersions(model) + "/" + FILE;
    }

    public Policy defaults() {
        return defaults;
    }

    public Optional<StoredPolicy> override(String model) throws IOException {
        StoreKeys.requireValidName("model", model);
        return store.exists(key(model)) ? Optional.of(StoreJson.read(store.read(key(model)), StoredPolicy.class))
                : Optional.empty();
    }

    public void setOverride(String model, StoredPolicy override) throws IOException {
        StoreKeys.requireValidName("model", model);
        store.write(key(model), StoreJson.write(override));
    }

    /** The policy that applies to a model: its override's fields where set, else the defaults. */
    public Policy effective(String model) throws IOException {
        Optional<StoredPolicy> override = override(model);
        if (override.isEmpty()) {
            return defaults;
        }
        StoredPolicy o = override.get();
        return new Policy(o.keepLast() != null ? o.keepLast() : defaults.keepLast(),
                o.maxAgeDays() != null ? Double.valueOf(o.maxAgeDays()) : defaults.maxAgeDays());
    }

    /** The versions retention removes now: candidates past the newest {@code keepLast}, or older than the limit. */
    public List<String> expired(String model, Instant now) throws IOException {
        Policy policy = effective(model);
        if (policy.keepLast() <= 0 && policy.maxAgeDays() == null) {
            return List.of();
        }
        String champion = registry.champion(model).map(Champion::version).orElse(null);
        List<String> versions = registry.versions(model);
        List<String> expired = new ArrayList<>();
        int kept = 0;
        for (int i = versions.size() - 1; i >= 0; i--) {
            String version = versions.get(i);
            if (version.equals(champion)) {
                continue;
            }
            boolean beyondCount = policy.keepLast() > 0 && kept >= policy.keepLast();
            if (beyondCount || tooOld(model, version, policy, now)) {
                expired.add(version);
            } else {
                kept++;
            }
        }
        return expired;
    }

    private boolean tooOld(String model, String version, Policy policy, Instant now) throws IOException {
        if (policy.maxAgeDays() == null) {
            return false;
        }
        Instant completed = registry.metrics(model, version).map(ModelMetrics::completedAt).orElse(null);
        long ageLimitSeconds = (long) (policy.maxAgeDays() * 86_400);
        return completed != null && completed.isBefore(now.minusSeconds(ageLimitSeconds));
    }
}
