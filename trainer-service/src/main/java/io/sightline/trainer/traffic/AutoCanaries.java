package io.sightline.trainer.traffic;

import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficObserved;
import io.sightline.events.TrafficObserved.VersionObserved;
import io.sightline.events.TrafficTarget;
import io.sightline.storage.Champion;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.traffic.CanaryRule.Outcome;
import io.sightline.trainer.traffic.CanaryRule.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Sums the inference replicas' reports per canary and shadow start, and decides automatic canaries (decision 107):
 * the registry decides because it alone writes the traffic state. A decision goes through the same code paths as a
 * caller's promote or rollback (same store writes, outbox and events), recorded with {@code by=auto} and the numbers.
 */
public final class AutoCanaries {

    /** The name an automatic decision is recorded under. */
    public static final String BY = "auto";

    /** Ignore reasons, as counted by the consumer. */
    public static final String INVALID = "invalid";
    public static final String UNKNOWN_MODEL = "unknown-model";
    public static final String UNKNOWN_START = "unknown-start";
    public static final String UNKNOWN_VERSION = "unknown-version";
    public static final String TOO_MANY_REPLICAS = "too-many-replicas";

    private static final Logger LOG = Logger.getLogger(AutoCanaries.class);

    /** Makes a version champion, as {@code POST /models/{name}/versions/{v}/promote} does. */
    @FunctionalInterface
    public interface Promotion {
        void promote(String model, String version) throws IOException;
    }

    private final TrafficSplits splits;
    private final PublishedModels registry;
    private final Promotion promotion;
    private final ObservationBook book = new ObservationBook();

    public AutoCanaries(TrafficSplits splits, PublishedModels registry, Promotion promotion) {
        this.splits = splits;
        this.registry = registry;
        this.promotion = promotion;
    }

    /**
     * Counts a report and decides the model's automatic canary when it has enough requests.
     *
     * @param key the record key
     * @return null when the report counts; else why it was ignored ({@link #INVALID}, {@link #UNKNOWN_MODEL}, ...)
     */
    public synchronized String observe(String key, TrafficObserved report) throws IOException {
        if (ObservationChecks.problemWith(key, report) != null) {
            return INVALID;
        }
        Optional<ModelTrafficChanged> state = splits.current(report.model());
        Optional<Champion> champion = registry.champion(report.model());
        if (state.isEmpty() || champion.isEmpty()) {
            return UNKNOWN_MODEL;
        }
        TrafficTarget target = target(state.get(), report.startId());
        if (target == null) {
            return UNKNOWN_START;
        }
        for (VersionObserved version : report.versions()) {
            boolean known = "champion".equals(version.role()) ? version.version().equals(champion.get().version())
                    : version.version().equals(target.version()) && version.role().equals(role(state.get(), target));
            if (!known) {
                return UNKNOWN_VERSION;
            }
        }
        book.retain(report.model(), startIds(state.get()));
        if (!book.record(report)) {
            return TOO_MANY_REPLICAS;
        }
        if (target == state.get().canary() && target.auto() != null) {
            decide(report.model(), champion.get().version(), target);
        }
        return null;
    }

    /** The model's state with the replicas' counts of its current canary and shadow. */
    public synchronized Optional<TrafficStatus> status(String model) throws IOException {
        Optional<ModelTrafficChanged> state = splits.current(model);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        ModelTrafficChanged now = state.get();
        boolean autoDecided = BY.equals(now.by()) && (ModelTrafficChanged.CANARY_PROMOTED.equals(now.change())
                || ModelTrafficChanged.CANARY_ROLLED_BACK.equals(now.change()));
        return Optional.of(new TrafficStatus(now.id(), now.model(), now.canary(), now.shadow(), now.change(),
                now.changedAt(), now.by(), now.reason(), observed(model, now.canary()), observed(model, now.shadow()),
                autoDecided ? now.change() : null));
    }

    private void decide(String model, String championVersion, TrafficTarget canary) throws IOException {
        Map<String, VersionTotals> totals = book.totals(model, canary.startId());
        Verdict verdict = CanaryRule.decide(canary.auto(),
                totals.getOrDefault("champion/" + championVersion, VersionTotals.none(championVersion, "champion")),
                totals.getOrDefault("canary/" + canary.version(), VersionTotals.none(canary.version(), "canary")));
        if (verdict.outcome() == Outcome.PROMOTE) {
            promotion.promote(model, canary.version());
            splits.promoted(model, canary.version(), BY, verdict.reason());
            LOG.infof("model %s: canary %s promoted, %s", model, canary.version(), verdict.reason());
        } else if (verdict.outcome() == Outcome.ROLL_BACK) {
            splits.rollBack(model, canary.version(), BY, verdict.reason());
            LOG.infof("model %s: canary %s rolled back, %s", model, canary.version(), verdict.reason());
        }
    }

    private TrafficStatus.Observed observed(String model, TrafficTarget target) {
        if (target == null || target.startId() == null) {
            return null;
        }
        List<VersionTotals> versions = new ArrayList<>(book.totals(model, target.startId()).values());
        Long progress = target.auto() == null ? null : versions.stream()
                .filter(v -> "canary".equals(v.role()) && v.version().equals(target.version()))
                .mapToLong(VersionTotals::requests).sum();
        return new TrafficStatus.Observed(target.startId(), book.replicas(model, target.startId()), versions,
                progress, target.auto() == null ? null : target.auto().requests());
    }

    private static TrafficTarget target(ModelTrafficChanged state, String startId) {
        if (state.canary() != null && startId.equals(state.canary().startId())) {
            return state.canary();
        }
        if (state.shadow() != null && startId.equals(state.shadow().startId())) {
            return state.shadow();
        }
        return null;
    }

    private static String role(ModelTrafficChanged state, TrafficTarget target) {
        return target == state.canary() ? "canary" : "shadow";
    }

    private static Set<String> startIds(ModelTrafficChanged state) {
        Set<String> ids = new HashSet<>();
        for (TrafficTarget target : new TrafficTarget[] {state.canary(), state.shadow()}) {
            if (target != null && target.startId() != null) {
                ids.add(target.startId());
            }
        }
        return ids;
    }
}
