package io.sightline.trainer.jobs.queue;

import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.backbone.Backbones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The retrain bindings in force: the configured ones, overridden per dataset by bindings set through the API (a
 * rule, or "none": a configured binding deleted through the API stays off). Read on every split, changed when a
 * replica hears of a change; safe to use from any thread.
 */
public final class RetrainRules {

    /** Where a binding comes from. */
    public enum Source { CONFIG, API }

    /**
     * A binding in force.
     *
     * @param rule   the rule
     * @param source where it comes from
     */
    public record Binding(RetrainRule rule, Source source) {
    }

    private final Map<String, RetrainRule> configured;
    private final Map<String, Optional<RetrainRule>> overrides = new ConcurrentHashMap<>();
    private final Backbones backbones;
    private final TrainingMemory memory;

    /**
     * @param backbones checks base models and backbones (null: the worker alone checks them)
     * @param memory    what one job may need by its estimate
     * @throws IllegalArgumentException when a configured rule is invalid, naming the rule and the problem
     */
    RetrainRules(List<RetrainRule> configured, Backbones backbones, TrainingMemory memory) {
        this.backbones = backbones;
        this.memory = memory;
        for (RetrainRule rule : configured) {
            List<String> problems = problems(rule, false);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("retrain binding for dataset " + rule.dataset() + ": "
                        + String.join("; ", problems));
            }
        }
        this.configured = configured.stream().collect(Collectors.toUnmodifiableMap(RetrainRule::dataset,
                Function.identity()));
    }

    /**
     * Everything wrong with a rule, one sentence each. {@code asRequest}: base models are checked as a training
     * request's are (they must exist now); otherwise only the backbone settings are (a configured binding may name a
     * base model trained later).
     */
    public List<String> problems(RetrainRule rule, boolean asRequest) {
        List<String> problems = new ArrayList<>();
        if (!StoreKeys.isValidName(rule.dataset())) {
            problems.add("dataset must be a valid name, got: " + rule.dataset());
        }
        if (!StoreKeys.isValidName(rule.model())) {
            problems.add("model must be a valid name, got: " + rule.model());
        }
        problems.addAll(ParameterRules.problems(rule.parameters()));
        if (problems.isEmpty()) { // the dataset's size is not known yet: a batch of 0 counts as the largest
            memory.problem(rule.parameters(), 0).ifPresent(problems::add);
        }
        if (problems.isEmpty() && backbones != null) {
            if (asRequest) {
                problems.addAll(backbones.problems(rule.parameters()));
            } else {
                backbones.refusal(rule.parameters()).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** What one job may need by its estimate. */
    TrainingMemory memory() {
        return memory;
    }

    /** The binding of a dataset in force, if any. */
    public Optional<Binding> find(String dataset) {
        if (dataset == null) {
            return Optional.empty();
        }
        Optional<RetrainRule> override = overrides.get(dataset);
        if (override != null) {
            return override.map(rule -> new Binding(rule, Source.API));
        }
        return Optional.ofNullable(configured.get(dataset)).map(rule -> new Binding(rule, Source.CONFIG));
    }

    /** Every binding in force, by dataset name. */
    public Map<String, Binding> all() {
        Map<String, Binding> all = new TreeMap<>();
        configured.keySet().forEach(dataset -> find(dataset).ifPresent(b -> all.put(dataset, b)));
        overrides.keySet().forEach(dataset -> find(dataset).ifPresent(b -> all.put(dataset, b)));
        return all;
    }

    /** The configured bindings, as the configuration has them. */
    public Map<String, RetrainRule> configured() {
        return configured;
    }

    /** A binding set through the API replaces the dataset's configured one. */
    public void set(RetrainRule rule) {
        overrides.put(rule.dataset(), Optional.of(rule));
    }

    /** The dataset has no binding, whatever the configuration says. */
    public void turnOff(String dataset) {
        overrides.put(dataset, Optional.empty());
    }

    /** The datasets whose binding was set or turned off through the API. */
    public Set<String> overridden() {
        return Set.copyOf(overrides.keySet());
    }

    /** Back to the configuration's binding of the dataset, if any. */
    public void reset(String dataset) {
        overrides.remove(dataset);
    }
}
