package io.sightline.inference.routing;

import io.sightline.events.ModelPromoted;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficTarget;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelLease;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import io.sightline.inference.serving.RoutedLease;
import io.sightline.inference.serving.Routing;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Splits each model's requests between its champion (the main registry) and its canary (a second registry holding
 * one more resident version per model), and mirrors a share to its shadow (a third). A request goes to the canary
 * only when the canary version is loaded; otherwise, and whenever leasing it fails, the champion answers: starting,
 * promoting or rolling back a canary never fails a request. A rollback stops routing first, then unloads; requests
 * holding the canary finish on it.
 */
public final class TrafficRouter implements Routing {

    private static final Logger LOG = Logger.getLogger(TrafficRouter.class);

    private final ModelRegistry champions;
    private final ModelRegistry canaries;
    private final ModelRegistry shadows;
    private final Supplier<String> callerKeys;
    private final VersionMetrics metrics;
    private final ShadowMirror mirror;
    private final Map<String, ModelTrafficChanged> splits = new ConcurrentHashMap<>();

    /**
     * @param callerKeys the current request's caller key, {@code null} when it has none (then routing is random)
     * @param mirrorQueue mirrored requests that may wait for the shadow; more are dropped
     */
    public TrafficRouter(ModelRegistry champions, ModelRegistry canaries, ModelRegistry shadows,
                         Supplier<String> callerKeys, VersionMetrics metrics, int mirrorQueue) {
        this.champions = champions;
        this.canaries = canaries;
        this.shadows = shadows;
        this.callerKeys = callerKeys;
        this.metrics = metrics;
        this.mirror = new ShadowMirror(shadows, metrics, mirrorQueue);
    }

    @Override
    public RoutedLease acquire(String model) throws UnknownModelException, ModelNotLoadedException {
        ModelTrafficChanged split = splits.get(model);
        if (split != null && split.canary() != null
                && RouteKeys.within(RouteKeys.bucket(model, callerKeys.get()), split.canary().percent())) {
            RoutedLease canary = canary(model, split.canary().version());
            if (canary != null) {
                return canary;
            }
        }
        return champion(model, split);
    }

    @Override
    public RoutedLease acquire(String model, String version) throws UnknownModelException, ModelNotLoadedException {
        if (version == null) {
            return acquire(model);
        }
        ModelTrafficChanged split = splits.get(model);
        if (split != null && split.canary() != null && version.equals(split.canary().version())) {
            RoutedLease canary = canary(model, version);
            if (canary != null) {
                return canary;
            }
        }
        return champion(model, split);
    }

    private RoutedLease champion(String model, ModelTrafficChanged split)
            throws UnknownModelException, ModelNotLoadedException {
        TrafficTarget shadow = split == null ? null : split.shadow();
        return new RoutedLease(champions.acquire(model), new Outcomes() {
            @Override
            public void answered(ServedModel served, List<float[]> inputs, float[][] probabilities, long nanos) {
                metrics.answered(Role.CHAMPION, served, probabilities, nanos);
                if (shadow != null) {
                    mirror.offer(shadow, served, inputs, probabilities);
                }
            }

            @Override
            public void failed(ServedModel served) {
                metrics.failed(Role.CHAMPION, served);
            }
        });
    }

    /** The canary's lease, or {@code null} when it does not serve that version (yet, or any more). */
    private RoutedLease canary(String model, String version) {
        try {
            ModelLease lease = canaries.acquire(model);
            if (version.equals(lease.model().version())) {
                return new RoutedLease(lease, new Outcomes() {
                    @Override
                    public void answered(ServedModel served, List<float[]> inputs, float[][] probabilities,
                                         long nanos) {
                        metrics.answered(Role.CANARY, served, probabilities, nanos);
                    }

                    @Override
                    public void failed(ServedModel served) {
                        metrics.failed(Role.CANARY, served);
                    }
                });
            }
            lease.close();
        } catch (UnknownModelException | ModelNotLoadedException e) {
            // not loaded yet, or rolled back a moment ago: the champion answers
        }
        return null;
    }

    /**
     * Applies a model's traffic state (already checked, see {@link TrafficRecords}): loads a new canary or shadow in
     * the background, and unloads what no longer has a role. Returns at once.
     */
    public void changed(ModelTrafficChanged split) {
        ModelTrafficChanged previous = split.canary() == null && split.shadow() == null
                ? splits.remove(split.model())
                : splits.put(split.model(), split);
        Set<String> starts = new HashSet<>();
        for (TrafficTarget target : new TrafficTarget[] {split.canary(), split.shadow()}) {
            if (target != null && target.startId() != null) {
                metrics.started(split.model(), target.startId());
                starts.add(target.startId());
            }
        }
        metrics.keepStarts(split.model(), starts);
        LOG.infof("model %s traffic: canary %s, shadow %s (%s)", split.model(), describe(split.canary()),
                describe(split.shadow()), split.change());
        assign(canaries, split, split.canary(), previous == null ? null : previous.canary(), "canary");
        assign(shadows, split, split.shadow(), previous == null ? null : previous.shadow(), "shadow");
    }

    private static void assign(ModelRegistry registry, ModelTrafficChanged split, TrafficTarget next,
                               TrafficTarget previous, String role) {
        if (next != null) {
            if (previous == null || !Objects.equals(previous.version(), next.version())
                    || registry.serving(split.model()).isEmpty()) {
                registry.promoted(ModelPromoted.withoutDataset(split.id() + ":" + role, split.model(),
                        next.version(), next.artifactKey(), role, 0, split.changedAt()));
            }
        } else if (registry.knows(split.model())) {
            try {
                registry.unload(split.model());
            } catch (UnknownModelException e) {
                // never loaded here: nothing to unload
            }
        }
    }

    /** A model's split as this replica applies it. */
    public Optional<ModelTrafficChanged> split(String model) {
        return Optional.ofNullable(splits.get(model));
    }

    /** Every model's split as this replica applies it (models with a canary or shadow only). */
    public Collection<ModelTrafficChanged> splits() {
        return List.copyOf(splits.values());
    }

    /** The version serving as a model's champion here, if any. */
    public Optional<String> champion(String model) {
        return champions.serving(model).map(ServedModel::version);
    }

    /** The version loaded for a model's canary or shadow role here, if any. */
    public Optional<String> resident(String model, boolean canary) {
        return (canary ? canaries : shadows).serving(model).map(ServedModel::version);
    }

    public VersionMetrics metrics() {
        return metrics;
    }

    void close() {
        mirror.close();
    }

    private static String describe(TrafficTarget target) {
        return target == null ? "none" : target.version() + " at " + target.percent() + "%";
    }
}
