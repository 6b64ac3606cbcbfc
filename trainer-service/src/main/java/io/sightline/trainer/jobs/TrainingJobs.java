package io.sightline.trainer.jobs;

import io.sightline.events.DatasetSplit;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.ModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Asking for training: validates requests, picks the dataset version, queues the job through {@link
 * TrainingEvents}, and turns a freshly split dataset into a job when a retrain rule names it.
 */
public final class TrainingJobs {

    /** Trigger of jobs asked for through the API. */
    public static final String API_TRIGGER = "api";

    private final DatasetCatalog datasets;
    private final ModelRegistry registry;
    private final JobBoard board;
    private final TrainingEvents events;
    private final Map<String, RetrainRule> retrainRules;
    private final Clock clock;
    private final Duration sendTimeout;

    /**
     * @throws IllegalArgumentException when a retrain rule is invalid, naming the rule and the problem
     */
    public TrainingJobs(DatasetCatalog datasets, ModelRegistry registry, JobBoard board, TrainingEvents events,
                        List<RetrainRule> retrainRules, Clock clock, Duration sendTimeout) {
        this.datasets = datasets;
        this.registry = registry;
        this.board = board;
        this.events = events;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
        for (RetrainRule rule : retrainRules) {
            List<String> problems = new ArrayList<>(ParameterRules.problems(rule.parameters()));
            if (!StoreKeys.isValidName(rule.model())) {
                problems.add(0, "model must be a valid name, got: " + rule.model());
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("retrain binding for dataset " + rule.dataset() + ": "
                        + String.join("; ", problems));
            }
        }
        this.retrainRules = retrainRules.stream().collect(Collectors.toUnmodifiableMap(RetrainRule::dataset,
                Function.identity()));
    }

    /**
     * Validates a request and queues the job.
     *
     * @return the queued job
     * @throws InvalidJobException    naming every problem of the request
     * @throws EventDeliveryException when the job could not be queued
     */
    public TrainingJob submit(JobRequest request) throws IOException {
        List<String> problems = new ArrayList<>();
        requireName("model", request.model(), problems);
        requireName("dataset", request.dataset(), problems);
        if (request.datasetVersion() != null) {
            requireName("datasetVersion", request.datasetVersion(), problems);
        }
        TrainingParameters parameters = request.parameters();
        problems.addAll(ParameterRules.problems(parameters));
        if (!problems.isEmpty()) {
            throw new InvalidJobException(String.join("; ", problems));
        }
        String version = request.datasetVersion() != null
                ? request.datasetVersion()
                : datasets.latestVersion(request.dataset()).orElseThrow(() -> new InvalidJobException(
                        "dataset " + request.dataset() + " has no published version; import it first"));
        DatasetManifest manifest = datasets.manifest(request.dataset(), version).orElseThrow(() -> new InvalidJobException(
                "dataset " + request.dataset() + " has no published version " + version
                        + (datasetExists(request.dataset()) ? "" : " (no such dataset)")));
        requireTrainable(manifest);

        TrainingRequested job = new TrainingRequested(UUID.randomUUID().toString(), request.model(), request.dataset(),
                version, parameters, API_TRIGGER, clock.instant());
        enqueue(job);
        return board.find(job.jobId()).orElseThrow();
    }

    /**
     * Queues the job a retrain rule asks for when a dataset version was split. A redelivered split yields the
     * same job id, and a job already known or already trained is not queued again.
     *
     * @return the job, when a rule names the dataset
     */
    public Optional<TrainingJob> retrain(DatasetSplit split) throws IOException {
        RetrainRule rule = split.dataset() == null ? null : retrainRules.get(split.dataset());
        if (rule == null || split.version() == null) {
            return Optional.empty();
        }
        String jobId = retrainJobId(split, rule);
        Optional<TrainingJob> known = board.find(jobId);
        if (known.isPresent()) {
            return known;
        }
        if (registry.versionOfJob(rule.model(), jobId).isPresent()) {
            return Optional.empty(); // trained before a restart; nothing to do
        }
        TrainingRequested job = new TrainingRequested(jobId, rule.model(), split.dataset(), split.version(),
                rule.parameters(), "retrain:" + split.dataset(), clock.instant());
        enqueue(job);
        return board.find(jobId);
    }

    /** The job id of the retrain job for a split: the same event always gives the same id. */
    static String retrainJobId(DatasetSplit split, RetrainRule rule) {
        String identity = "retrain\n" + (split.eventId() != null ? split.eventId()
                : split.dataset() + "/" + split.version() + "/" + split.digest()) + "\n" + rule.model();
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Map<String, RetrainRule> retrainRules() {
        return retrainRules;
    }

    public List<TrainingJob> list() {
        return board.list();
    }

    /** @throws UnknownResourceException when there is no such job */
    public TrainingJob get(String jobId) {
        return board.find(jobId).orElseThrow(() -> UnknownResourceException.job(jobId));
    }

    /** Lists the jobs that left a model version in the store (after a restart the table starts empty). */
    public int recoverFinishedJobs() throws IOException {
        List<ModelMetrics> all = registry.allMetrics();
        all.forEach(board::recovered);
        return all.size();
    }

    private void enqueue(TrainingRequested job) {
        board.queued(job);
        try {
            EventDeliveryException.await(events.requested(job), sendTimeout, "training job " + job.jobId());
        } catch (EventDeliveryException e) {
            board.failed(job.jobId(), job.model(), "could not be queued: " + e.getMessage(), clock.instant());
            throw e;
        }
    }

    private boolean datasetExists(String dataset) {
        try {
            return !datasets.versions(dataset).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireTrainable(DatasetManifest manifest) {
        String name = "dataset " + manifest.dataset() + " version " + manifest.version();
        if (manifest.classes() == null || manifest.classes().size() < 2) {
            throw new InvalidJobException(name + " has fewer than 2 classes; a classifier needs at least 2");
        }
        if (manifest.entries(DatasetManifest.TRAIN).isEmpty()) {
            throw new InvalidJobException(name + " has no training images");
        }
        if (manifest.entries(DatasetManifest.TEST).isEmpty()) {
            throw new InvalidJobException(name + " has no test images to evaluate on; import it with a testRatio above 0");
        }
    }

    private static void requireName(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else if (!StoreKeys.isValidName(value)) {
            problems.add(field + " must be 1-128 letters, digits, '.', '_' or '-' starting with a letter or digit, got: "
                    + value);
        }
    }
}
