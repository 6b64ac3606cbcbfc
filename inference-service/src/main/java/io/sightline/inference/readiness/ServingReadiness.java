package io.sightline.inference.readiness;

import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ModelState;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The readiness rule: ready once the registry consumer has caught up with the topic (as it was when the
 * consumer got its partitions) AND every model promoted so far has been dealt with: loaded, or failed to
 * load (a failure counts as done; it is reported by the status endpoint, and a previous version may
 * serve). With a configured subset of required models, it waits for exactly those to serve instead. Once ready, the service stays ready: a later promotion loads in the background while the
 * previous version serves, and a brand-new model answers 503 until loaded, which a restart would not fix.
 */
public final class ServingReadiness {

    private final TopicCatchUp catchUp;
    private final ModelRegistry registry;
    private final Set<String> required;
    private volatile boolean ready;

    public ServingReadiness(TopicCatchUp catchUp, ModelRegistry registry) {
        this(catchUp, registry, Set.of());
    }

    /**
     * @param required when not empty, the only models readiness waits for, and those must SERVE (be
     *                 loaded and warmed up; a failed load does not count): the configured subset an
     *                 operator says this instance is for. Other models load in the background.
     */
    public ServingReadiness(TopicCatchUp catchUp, ModelRegistry registry, Set<String> required) {
        this.catchUp = catchUp;
        this.registry = registry;
        this.required = Set.copyOf(required);
    }

    /** The rule evaluated now, with what it waits for. */
    public Report check() {
        boolean caughtUp = catchUp.caughtUp();
        List<String> pending = required.isEmpty()
                ? registry.pending()
                : required.stream().filter(model -> registry.serving(model).isEmpty()).sorted().toList();
        if (!ready && caughtUp && pending.isEmpty()) {
            ready = true;
        }
        return new Report(ready, caughtUp, catchUp.behind(), pending);
    }

    public boolean ready() {
        return check().ready();
    }

    /**
     * Server readiness of the inference protocol ({@code /v2/health/ready}): {@link #ready()}, and not while a
     * configured required model is left without a version because its load failed (readiness itself stays UP then,
     * so that Kubernetes keeps the instance; a protocol client learns it cannot be served).
     */
    public boolean serverReady() {
        return ready() && required.stream().map(registry::status).flatMap(Optional::stream)
                .noneMatch(status -> status.state() == ModelState.FAILED && status.servingVersion() == null);
    }

    /**
     * @param ready        whether the service is ready
     * @param caughtUp     whether the registry topic has been read to its end as of assignment
     * @param recordsBehind records still to read before that
     * @param loading      models whose latest promotion is still loading
     */
    public record Report(boolean ready, boolean caughtUp, long recordsBehind, List<String> loading) {
    }
}
