package io.sightline.trainer.jobs.binding;

import io.sightline.events.RetrainBindingChanged;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.jobs.queue.RetrainRule;
import io.sightline.trainer.jobs.queue.RetrainRules;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Retrain bindings through the API. A binding is written to {@code retrain-bindings/<dataset>.json} and wins over the
 * configured one of the same dataset; deleting a configured binding writes a record that keeps it off. Every change
 * is announced ({@code binding.changed}), and every replica then re-reads that dataset's record ({@link #reload}); all
 * of them are re-read at start and now and then ({@link #reloadAll}), in case an announcement was missed.
 */
public final class RetrainBindings {

    static final String FOLDER = "retrain-bindings";
    /** A day: a longer wait is a mistake, not a plan. */
    static final int MAX_DEBOUNCE_SECONDS = 86_400;
    private static final String SUFFIX = ".json";
    private static final Logger LOG = Logger.getLogger(RetrainBindings.class);

    private final ArtifactStore store;
    private final RetrainRules rules;
    private final BindingEvents events;
    private final Clock clock;
    private final Duration sendTimeout;
    /** The records behind the API's bindings in force, by dataset (who set them and when). */
    private final Map<String, StoredBinding> records = new ConcurrentHashMap<>();

    public RetrainBindings(ArtifactStore store, RetrainRules rules, BindingEvents events, Clock clock,
                           Duration sendTimeout) {
        this.store = store;
        this.rules = rules;
        this.events = events;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
    }

    static String key(String dataset) {
        return FOLDER + "/" + dataset + SUFFIX;
    }

    /**
     * Sets the dataset's binding, checked as a training request would be.
     *
     * @throws InvalidJobException naming every problem
     */
    public RetrainBindingView put(String dataset, BindingRequest body, String by) throws IOException {
        requireDataset(dataset);
        if (body == null) {
            throw new InvalidJobException("a JSON body {model, parameters?, debounceSeconds?} is required");
        }
        List<String> problems = new ArrayList<>();
        JobRequest asked = body.parameters() != null ? body.parameters() : JobRequest.builder(null, null).build();
        if (asked.model() != null || asked.dataset() != null || asked.datasetVersion() != null) {
            problems.add("parameters hold hyperparameters only: model goes beside them, the dataset is in the path,"
                    + " and a binding trains each new version");
        }
        Integer debounce = body.debounceSeconds();
        if (debounce != null && (debounce < 0 || debounce > MAX_DEBOUNCE_SECONDS)) {
            problems.add("debounceSeconds must be between 0 and " + MAX_DEBOUNCE_SECONDS + ", got " + debounce);
        }
        boolean noModel = body.model() == null || body.model().isBlank();
        if (noModel) {
            problems.add("model is required");
        }
        RetrainRule rule = new RetrainRule(dataset, body.model(), asked.parameters(),
                debounce == null ? null : Duration.ofSeconds(debounce));
        rules.problems(rule, true).stream().filter(p -> !noModel || !p.startsWith("model ")).forEach(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidJobException(String.join("; ", problems));
        }
        StoredBinding stored = new StoredBinding(dataset, rule.model(), rule.parameters(), debounce, clock.instant(),
                by, null);
        store.write(key(dataset), StoreJson.write(stored));
        records.put(dataset, stored);
        rules.set(rule);
        announce(dataset, by, false);
        return view(dataset, new RetrainRules.Binding(rule, RetrainRules.Source.API));
    }

    /** The binding in force for a dataset. */
    public Optional<RetrainBindingView> find(String dataset) {
        requireDataset(dataset);
        return rules.find(dataset).map(binding -> view(dataset, binding));
    }

    /** Every binding in force, by dataset. */
    public List<RetrainBindingView> list() {
        return rules.all().entrySet().stream().map(e -> view(e.getKey(), e.getValue())).toList();
    }

    /**
     * Removes the dataset's binding. A configured one is turned off by a record in the store (the configuration is
     * not changed): it stays off on every replica and after restarts until a binding is set again.
     *
     * @throws UnknownResourceException when the dataset has no binding in force
     */
    public void delete(String dataset, String by) throws IOException {
        requireDataset(dataset);
        if (rules.find(dataset).isEmpty()) {
            throw new UnknownResourceException("no retrain binding for dataset " + dataset);
        }
        if (rules.configured().containsKey(dataset)) {
            store.write(key(dataset), StoreJson.write(new StoredBinding(dataset, null, null, null, clock.instant(),
                    by, true)));
            rules.turnOff(dataset);
        } else {
            store.delete(key(dataset));
            rules.reset(dataset);
        }
        records.remove(dataset);
        announce(dataset, by, true);
    }

    /** Re-reads a dataset's record (another replica changed it). */
    public void reload(String dataset) throws IOException {
        if (!StoreKeys.isValidName(dataset)) {
            return;
        }
        Optional<StoredBinding> stored = stored(dataset);
        records.remove(dataset);
        if (stored.isEmpty()) {
            rules.reset(dataset);
        } else if (stored.get().isOff()) {
            rules.turnOff(dataset);
        } else {
            StoredBinding b = stored.get();
            RetrainRule rule = new RetrainRule(dataset, b.model(), b.parameters(),
                    b.debounceSeconds() == null ? null : Duration.ofSeconds(b.debounceSeconds()));
            List<String> problems = b.parameters() == null ? List.of("no parameters") : rules.problems(rule, false);
            if (problems.isEmpty()) {
                records.put(dataset, b);
                rules.set(rule);
            } else {
                LOG.warnf("ignoring the stored retrain binding of dataset %s: %s", dataset, String.join("; ", problems));
                rules.reset(dataset);
            }
        }
    }

    /**
     * Re-reads every record: at start, and now and then in case an announcement was missed.
     *
     * @return the datasets with a record
     */
    public int reloadAll() throws IOException {
        Set<String> seen = new HashSet<>();
        for (String name : store.list(FOLDER)) {
            String dataset = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : null;
            if (StoreKeys.isValidName(dataset)) {
                seen.add(dataset);
                reload(dataset);
            }
        }
        for (String dataset : rules.overridden()) {
            if (!seen.contains(dataset)) {
                records.remove(dataset);
                rules.reset(dataset); // its record is gone
            }
        }
        return seen.size();
    }

    private Optional<StoredBinding> stored(String dataset) throws IOException {
        String key = key(dataset);
        return store.exists(key) ? Optional.of(StoreJson.read(store.read(key), StoredBinding.class)) : Optional.empty();
    }

    /** Other replicas catch up on their next re-read if this is not delivered, so it is not an error. */
    private void announce(String dataset, String by, boolean deleted) {
        RetrainBindingChanged changed = new RetrainBindingChanged(UUID.randomUUID().toString(), dataset,
                clock.instant(), by, deleted);
        try {
            events.changed(changed).toCompletableFuture().get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("the change of the retrain binding of dataset %s was not announced (%s); other replicas pick it"
                    + " up on their next re-read of the store", dataset, e.toString());
        }
    }

    private static void requireDataset(String dataset) {
        if (!StoreKeys.isValidName(dataset)) {
            throw new InvalidJobException("dataset must be 1-128 letters, digits, '.', '_' or '-' starting with a letter"
                    + " or digit, got: " + dataset);
        }
    }

    private RetrainBindingView view(String dataset, RetrainRules.Binding binding) {
        RetrainRule rule = binding.rule();
        Integer debounce = rule.debounce() == null ? null : (int) rule.debounce().toSeconds();
        StoredBinding record = binding.source() == RetrainRules.Source.API ? records.get(dataset) : null;
        return new RetrainBindingView(dataset, rule.model(), rule.parameters(), debounce, source(binding.source()),
                record == null ? null : record.updatedAt(), record == null ? null : record.by());
    }

    private static String source(RetrainRules.Source source) {
        return source.name().toLowerCase(Locale.ROOT);
    }
}
