package io.sightline.inference.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sightline.inference.registry.ServedModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-version request metrics (answers, failures, latency, top-1 confidence, class mix) and shadow agreement, in
 * Micrometer and as counts this replica answers {@code GET /traffic/{model}} with. Label cardinality stays bounded:
 * a model keeps meters for its last {@link #VERSIONS_PER_ROLE} versions per role (older ones are removed), and the
 * class mix names at most {@link #CLASSES_NAMED} classes per model, the rest counting as {@code other}.
 */
public final class VersionMetrics {

    public static final String REQUESTS = "sightline.inference.version.requests";
    public static final String DURATION = "sightline.inference.version.duration";
    public static final String CONFIDENCE = "sightline.inference.version.confidence";
    public static final String CLASSES = "sightline.inference.version.classes";
    public static final String SHADOW_COMPARISONS = "sightline.inference.shadow.comparisons";
    public static final String SHADOW_DROPPED = "sightline.inference.shadow.dropped";

    /** Two: while a hot swap drains, the old and the new champion both answer. */
    static final int VERSIONS_PER_ROLE = 2;
    static final int CLASSES_NAMED = 50;

    private final MeterRegistry registry;
    private final Map<String, Deque<String>> versionsByRole = new ConcurrentHashMap<>();
    private final Map<String, VersionCounts> counts = new ConcurrentHashMap<>();
    private final Map<String, List<VersionCount>> atStarts = new ConcurrentHashMap<>();

    public VersionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request's rows answered by {@code served} in {@code role}. */
    void answered(Role role, ServedModel served, float[][] probabilities, long nanos) {
        Tags tags = tags(role, served);
        Counter.builder(REQUESTS).tags(tags).tag("outcome", "answered").register(registry).increment();
        Timer.builder(DURATION).tags(tags).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        VersionCounts versionCounts = counts(role, served);
        versionCounts.answered.increment();
        List<String> classes = served.signature().classes();
        for (float[] row : probabilities) {
            int top = argmax(row);
            DistributionSummary.builder(CONFIDENCE).tags(tags).register(registry).record(row[top]);
            versionCounts.confidenceMillis.add(Math.round(row[top] * 1000.0));
            versionCounts.rows.increment();
            String label = top < CLASSES_NAMED && top < classes.size() ? classes.get(top) : "other";
            Counter.builder(CLASSES).tags(tags).tag("class", label).register(registry).increment();
        }
    }

    void failed(Role role, ServedModel served) {
        Counter.builder(REQUESTS).tags(tags(role, served)).tag("outcome", "failed").register(registry).increment();
        counts(role, served).failed.increment();
    }

    void shadowCompared(ServedModel shadow, int agreed, int rows) {
        Tags tags = tags(Role.SHADOW, shadow);
        Counter.builder(SHADOW_COMPARISONS).tags(tags).tag("agreed", "true").register(registry).increment(agreed);
        Counter.builder(SHADOW_COMPARISONS).tags(tags).tag("agreed", "false").register(registry)
                .increment(rows - agreed);
        VersionCounts versionCounts = counts(Role.SHADOW, shadow);
        versionCounts.rows.add(rows);
        versionCounts.agreed.add(agreed);
    }

    void shadowDropped(String model, String reason) {
        Counter.builder(SHADOW_DROPPED).tags("model", model, "reason", reason).register(registry).increment();
    }

    /** This replica's counts of a model's versions since they took their roles. */
    public List<VersionCount> counts(String model) {
        List<VersionCount> all = new ArrayList<>();
        counts.forEach((key, value) -> {
            if (key.startsWith(model + '\n')) {
                all.add(value.snapshot());
            }
        });
        return all;
    }

    /**
     * Remembers a model's counts as they are when a canary or shadow start is first applied here, so that
     * {@link #since} counts from that moment (decision 107). Later calls with the same start id change nothing.
     */
    void started(String model, String startId) {
        atStarts.computeIfAbsent(model + '\n' + startId, key -> counts(model));
    }

    /** Forgets the starts of a model other than these (ended canaries and shadows). */
    void keepStarts(String model, Set<String> startIds) {
        atStarts.keySet().removeIf(key -> key.startsWith(model + '\n')
                && !startIds.contains(key.substring(model.length() + 1)));
    }

    /**
     * A model's counts since a start was applied here, per role and version; empty for a start not applied here.
     * A version whose counts were forgotten meanwhile (more versions than {@link #VERSIONS_PER_ROLE}) starts again
     * from zero rather than going negative.
     */
    public List<VersionCount> since(String model, String startId) {
        List<VersionCount> before = atStarts.get(model + '\n' + startId);
        if (before == null) {
            return List.of();
        }
        List<VersionCount> since = new ArrayList<>();
        for (VersionCount now : counts(model)) {
            VersionCount then = before.stream().filter(count -> count.role().equals(now.role())
                    && count.version().equals(now.version())).findFirst().orElse(null);
            since.add(then == null || then.answered() > now.answered() || then.rows() > now.rows() ? now
                    : now.minus(then));
        }
        return since;
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    private VersionCounts counts(Role role, ServedModel served) {
        return counts.computeIfAbsent(served.model() + '\n' + role.label() + '\n' + served.version(),
                key -> new VersionCounts(role, served.version()));
    }

    private Tags tags(Role role, ServedModel served) {
        String roleKey = served.model() + '\n' + role.label();
        Deque<String> versions = versionsByRole.computeIfAbsent(roleKey, key -> new ArrayDeque<>());
        synchronized (versions) {
            if (!versions.contains(served.version())) {
                versions.addLast(served.version());
                while (versions.size() > VERSIONS_PER_ROLE) {
                    forget(served.model(), role, versions.removeFirst());
                }
            }
        }
        return Tags.of("model", served.model(), "version", served.version(), "role", role.label());
    }

    private void forget(String model, Role role, String version) {
        counts.remove(model + '\n' + role.label() + '\n' + version);
        for (String name : List.of(REQUESTS, DURATION, CONFIDENCE, CLASSES, SHADOW_COMPARISONS)) {
            for (Meter meter : registry.find(name).tags("model", model, "version", version, "role", role.label())
                    .meters()) {
                registry.remove(meter);
            }
        }
    }

    /**
     * One version's counts on this replica.
     *
     * @param rows           rows answered (a request may carry several) or, for a shadow, rows compared
     * @param meanConfidence mean top-1 probability of its answers; null before the first, and for a shadow
     * @param agreed         shadow rows whose top-1 class equalled the champion's
     */
    public record VersionCount(String role, String version, long answered, long failed, long rows,
                               Double meanConfidence, long agreed) {

        /** Sum of the top-1 probabilities of the answered rows. */
        public double confidenceSum() {
            return meanConfidence == null ? 0 : meanConfidence * rows;
        }

        VersionCount minus(VersionCount earlier) {
            long rowsSince = rows - earlier.rows;
            double sum = Math.max(0, confidenceSum() - earlier.confidenceSum());
            return new VersionCount(role, version, answered - earlier.answered, Math.max(0, failed - earlier.failed),
                    rowsSince, meanConfidence == null || rowsSince == 0 ? null : Math.min(1.0, sum / rowsSince),
                    Math.max(0, agreed - earlier.agreed));
        }
    }

    private static final class VersionCounts {
        final Role role;
        final String version;
        final LongAdder answered = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder rows = new LongAdder();
        final LongAdder confidenceMillis = new LongAdder();
        final LongAdder agreed = new LongAdder();

        VersionCounts(Role role, String version) {
            this.role = role;
            this.version = version;
        }

        VersionCount snapshot() {
            long answeredRows = rows.sum();
            Double mean = role == Role.SHADOW || answeredRows == 0 ? null
                    : Double.valueOf(confidenceMillis.sum() / 1000.0 / answeredRows);
            return new VersionCount(role.label(), version, answered.sum(), failed.sum(), answeredRows, mean,
                    agreed.sum());
        }
    }
}
