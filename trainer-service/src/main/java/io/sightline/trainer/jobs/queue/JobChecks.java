package io.sightline.trainer.jobs.queue;

import io.sightline.events.ModelLabels;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.DatasetManifest;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.backbone.Backbones;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Every check a training request passes before it is queued: names, parameters, base models, the dataset version it
 * trains on, the architecture chosen when the request names none, the batch size against the images and the memory
 * estimate. Answers the job to queue, or throws {@link InvalidJobException} naming the problems.
 */
final class JobChecks {

    /** A request that passed every check: the job to queue and how its architecture was chosen. */
    record Checked(TrainingRequested job, ArchitectureChoice.Choice choice) {
    }

    private final PublishedDatasets datasets;
    private final Backbones backbones;
    private final ArchitectureChoice architectureChoice;
    private final TrainingMemory memory;
    private final Clock clock;

    JobChecks(PublishedDatasets datasets, Backbones backbones, ArchitectureChoice architectureChoice,
              TrainingMemory memory, Clock clock) {
        this.datasets = datasets;
        this.backbones = backbones;
        this.architectureChoice = architectureChoice;
        this.memory = memory;
        this.clock = clock;
    }

    Checked checked(JobRequest request, String trigger, String jobId) throws IOException {
        List<String> problems = new ArrayList<>();
        RequestChecks.requireName("model", request.model(), problems);
        RequestChecks.requireName("dataset", request.dataset(), problems);
        if (request.datasetVersion() != null) {
            RequestChecks.requireName("datasetVersion", request.datasetVersion(), problems);
        }
        TrainingParameters parameters = request.parameters();
        problems.addAll(ParameterRules.problems(parameters));
        String labels = ModelLabels.problem(parameters.labels());
        if (labels != null) {
            problems.add(labels);
        }
        if (problems.isEmpty() && backbones != null) {
            problems.addAll(backbones.problems(parameters));
        }
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
        RequestChecks.requireTrainable(manifest);
        ArchitectureChoice.Choice choice = architectureChoice.choose(request, parameters, manifest, backbones);
        parameters = choice.parameters();
        int trainImages = manifest.entries(DatasetManifest.TRAIN).size();
        if (parameters.batchSize() > trainImages) {
            throw new InvalidJobException("batchSize " + parameters.batchSize() + " is larger than the " + trainImages
                    + " training images of dataset " + request.dataset() + " version " + version);
        }
        memory.problem(parameters, trainImages).ifPresent(p -> {
            throw new InvalidJobException(p);
        });
        return new Checked(new TrainingRequested(jobId, request.model(), request.dataset(), version, parameters,
                trigger, clock.instant(), choice.note()), choice);
    }

    private boolean datasetExists(String dataset) {
        try {
            return !datasets.versions(dataset).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
