package io.sightline.trainer.jobs.board;

import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingFinding;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.training.EpochMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state of every job this instance has seen, in memory. It hears of a job twice: from its own worker, at
 * once, and from {@code sightline.training.events}, which every replica reads (so a job run anywhere shows
 * everywhere). Updates may therefore arrive in any order and more than once: a job never moves back from
 * RUNNING to QUEUED; a start older than the run on record is stale; an end older than the start of the run on
 * record is stale; a failure never replaces a completion; a cancelled job never runs again (only a version it
 * published before it heard of the cancel replaces the cancel: the version exists). A repeated update changes
 * nothing and tells no listener. Finished jobs may be forgotten once archived ({@link #forget}); news of a
 * forgotten job is a replay and is dropped.
 */
public final class JobBoard {

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<Consumer<JobChange>> listeners = new CopyOnWriteArrayList<>();
    /** Promotions heard before their job, by job id; guarded by itself. */
    private final Map<String, String> early = new HashMap<>();
    private volatile JobArchive archive = JobArchive.NONE;

    /**
     * A job changed.
     *
     * @param jobId  the job
     * @param model  its model
     * @param kind   {@code queued}, {@code started}, {@code epoch}, {@code completed}, {@code promotion},
     *               {@code failed} or {@code cancelled}
     * @param status its status after the change
     */
    public record JobChange(String jobId, String model, String kind, JobStatus status) {
    }

    /** Calls {@code listener} after every change, on the thread that made it; it must return quickly. */
    public void subscribe(Consumer<JobChange> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<JobChange> listener) {
        listeners.remove(listener);
    }

    /** Where forgotten finished jobs are read from; none unless set. */
    public void setArchive(JobArchive archive) {
        this.archive = archive;
    }

    /** A finished job archived and no longer in memory: what is heard of it now is a replay. */
    private boolean forgotten(String jobId) {
        return !jobs.containsKey(jobId) && archive.holds(jobId);
    }

    private void changed(Job job, String kind) {
        JobChange change;
        synchronized (job) {
            change = new JobChange(job.jobId, job.model, kind, job.status);
        }
        for (Consumer<JobChange> listener : listeners) {
            listener.accept(change);
        }
    }

    /** A job was queued. */
    public void queued(TrainingRequested request) {
        if (forgotten(request.jobId())) {
            return;
        }
        Job job = job(request.jobId(), request.model());
        synchronized (job) {
            if (job.requestedAt != null) {
                return; // known already
            }
            job.fill(request.dataset(), request.datasetVersion(), request.parameters(), request.trigger());
            job.architectureNote = request.architectureNote();
            job.requestedAt = request.requestedAt() != null ? request.requestedAt() : Instant.EPOCH;
        }
        changed(job, "queued");
    }

    /** A worker began the job. */
    public void started(TrainingStarted started, String trigger) {
        if (forgotten(started.jobId())) {
            return;
        }
        Job job = job(started.jobId(), started.model());
        synchronized (job) {
            job.fill(started.dataset(), started.datasetVersion(), started.parameters(), trigger);
            if (job.status == JobStatus.CANCELLED || !job.isNewRun(started.startedAt())) {
                if (job.startedAt == null) { // its end was heard first: keep when and where it ran
                    job.startedAt = started.startedAt();
                    job.worker = started.worker();
                }
                return; // this run, again, or an older one
            }
            job.parameters = started.parameters(); // defaults now resolved
            job.status = JobStatus.RUNNING;
            job.worker = started.worker();
            job.startedAt = started.startedAt();
            job.finishedAt = null;
            job.reason = null;
            job.epochs.clear();
        }
        changed(job, "started");
    }

    /** An epoch of a running job ended (its dataset's classes unknown). */
    public void epoch(String jobId, String model, EpochMetrics metrics) {
        epoch(jobId, model, metrics, 0);
    }

    /** An epoch of a running job ended; {@code classes} of its dataset (0: unknown) set the chance levels. */
    public void epoch(String jobId, String model, EpochMetrics metrics, int classes) {
        if (forgotten(jobId)) {
            return;
        }
        Job job = job(jobId, model);
        synchronized (job) {
            if (classes > 1) {
                job.classes = classes;
            }
            for (EpochMetrics known : job.epochs) {
                if (known.epoch() == metrics.epoch() && sameNumbers(known, metrics)) {
                    return;
                }
            }
            job.epochs.removeIf(e -> e.epoch() == metrics.epoch());
            job.epochs.add(metrics);
            job.epochs.sort(Comparator.comparingInt(EpochMetrics::epoch));
        }
        changed(job, "epoch");
    }

    /** The job published a model version. */
    public void completed(TrainingCompleted completed) {
        if (forgotten(completed.jobId())) {
            return;
        }
        Job job = job(completed.jobId(), completed.model());
        synchronized (job) {
            job.fill(completed.dataset(), completed.datasetVersion(), null, null);
            if (job.isStaleEnd(completed.completedAt())
                    || job.status == JobStatus.COMPLETED && Objects.equals(job.modelVersion, completed.modelVersion())) {
                return;
            }
            job.status = JobStatus.COMPLETED;
            job.finishedAt = completed.completedAt();
            job.modelVersion = completed.modelVersion();
            job.testAccuracy = completed.testAccuracy();
            job.testLoss = completed.testLoss();
            job.findings = completed.findings();
            if (completed.parameters() != null) {
                job.parameters = completed.parameters(); // an automatic learning rate, resolved
            }
            job.reason = null;
        }
        changed(job, "completed");
    }

    /** What the promotion gate decided about the job's version. */
    public void promotion(String jobId, String model, PromotionDecision decision) {
        if (forgotten(jobId)) {
            return;
        }
        Job job = job(jobId, model);
        synchronized (job) {
            if (Objects.equals(job.promoted, decision.promote()) && Objects.equals(job.promotion, decision.reason())) {
                return;
            }
            job.promoted = decision.promote();
            job.promotion = decision.reason();
        }
        changed(job, "promotion");
    }

    /**
     * A replica promoted the job's version (heard from {@code sightline.models}); the reason of a decision already
     * known here is kept. The topics are read side by side, so the promotion may come before the job: it is then
     * kept until the job shows up (one per model at most on a compacted topic, so this stays small).
     */
    public void promotedElsewhere(String jobId, String model, String version, Instant at) {
        if (jobId == null || forgotten(jobId)) {
            return;
        }
        String reason = "version " + version + " promoted" + (at == null ? "" : " at " + at);
        Job job;
        synchronized (early) {
            job = jobs.get(jobId);
            if (job == null) {
                early.put(jobId, reason);
                return;
            }
        }
        synchronized (job) {
            if (Boolean.TRUE.equals(job.promoted)) {
                return;
            }
            job.promoted = true;
            job.promotion = reason;
        }
        changed(job, "promotion");
    }

    /** The job ended without a model. */
    public void failed(String jobId, String model, String reason, Instant at) {
        if (forgotten(jobId)) {
            return;
        }
        Job job = job(jobId, model);
        synchronized (job) {
            if (job.status == JobStatus.COMPLETED || job.status == JobStatus.CANCELLED || job.isStaleEnd(at)
                    || job.status == JobStatus.FAILED && Objects.equals(job.reason, reason)) {
                return; // a version exists, or this is news of an older run, or heard already
            }
            job.status = JobStatus.FAILED;
            job.reason = reason;
            job.finishedAt = at;
        }
        changed(job, "failed");
    }

    /** The job was cancelled: dropped from the queue, or stopped by its worker; a job that ended otherwise stays so. */
    public void cancelled(TrainingCancelled cancelled) {
        if (forgotten(cancelled.jobId())) {
            return;
        }
        Job job = job(cancelled.jobId(), cancelled.model());
        synchronized (job) {
            if (job.status == JobStatus.COMPLETED || job.status == JobStatus.FAILED
                    || job.status == JobStatus.CANCELLED) {
                return;
            }
            job.status = JobStatus.CANCELLED;
            job.reason = cancelled.reason();
            job.finishedAt = cancelled.cancelledAt();
        }
        changed(job, "cancelled");
    }

    /**
     * A job known only from the version it left in the store (after a restart); ignored when known or archived. Told
     * as a completion, so that a version trained before jobs were archived gets its summary.
     */
    public void recovered(ModelMetrics metrics) {
        if (metrics.lineage() == null || metrics.lineage().jobId() == null || jobs.containsKey(metrics.lineage().jobId())
                || archive.holds(metrics.lineage().jobId())) {
            return;
        }
        Job job = job(metrics.lineage().jobId(), metrics.model());
        synchronized (job) {
            job.fill(metrics.lineage().dataset(), metrics.lineage().datasetVersion(), metrics.parameters(),
                    metrics.lineage().trigger());
            job.status = JobStatus.COMPLETED;
            job.startedAt = metrics.startedAt();
            job.requestedAt = metrics.startedAt();
            job.finishedAt = metrics.completedAt();
            job.modelVersion = metrics.version();
            job.testAccuracy = metrics.test().accuracy();
            job.testLoss = metrics.test().loss();
            job.epochs.addAll(metrics.history());
            job.findings = metrics.details() == null ? null : metrics.details().findings();
        }
        changed(job, "completed");
    }

    /** A job in memory, else its archived summary. */
    public Optional<TrainingJob> find(String jobId) {
        if (jobId == null) {
            return Optional.empty();
        }
        Job job = jobs.get(jobId);
        return job != null ? Optional.of(job.snapshot()) : archive.read(jobId);
    }

    /** Drops a finished job from memory (it stays findable through the archive); a job still going stays. */
    public boolean forget(String jobId) {
        Job job = jobs.get(jobId);
        return job != null && job.snapshot().status().isFinal() && jobs.remove(jobId, job);
    }

    /** Every job, newest request first. */
    public List<TrainingJob> list() {
        List<TrainingJob> all = new ArrayList<>();
        for (Job job : jobs.values()) {
            all.add(job.snapshot());
        }
        all.sort(Comparator.comparing(TrainingJob::requestedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(TrainingJob::jobId));
        return all;
    }

    /** The same epoch heard from the worker and from the topic (which does not carry the phase). */
    private static boolean sameNumbers(EpochMetrics a, EpochMetrics b) {
        return a.epochs() == b.epochs() && a.trainLoss() == b.trainLoss() && a.trainAccuracy() == b.trainAccuracy()
                && Objects.equals(a.validationLoss(), b.validationLoss())
                && Objects.equals(a.validationAccuracy(), b.validationAccuracy())
                && a.learningRate() == b.learningRate() && a.durationMs() == b.durationMs()
                && (b.phase() == null || Objects.equals(a.phase(), b.phase()));
    }

    private Job job(String jobId, String model) {
        Job known = jobs.get(jobId);
        if (known != null) {
            return known;
        }
        synchronized (early) {
            return jobs.computeIfAbsent(jobId, id -> {
                Job job = new Job(id, model);
                String promotion = early.remove(id);
                if (promotion != null) {
                    job.promoted = true;
                    job.promotion = promotion;
                }
                return job;
            });
        }
    }

    private static final class Job {
        final String jobId;
        final String model;
        final List<EpochMetrics> epochs = new ArrayList<>();
        int classes;
        String dataset;
        String datasetVersion;
        TrainingParameters parameters;
        String trigger;
        JobStatus status = JobStatus.QUEUED;
        String worker;
        Instant requestedAt;
        Instant startedAt;
        Instant finishedAt;
        String modelVersion;
        Double testAccuracy;
        Double testLoss;
        Boolean promoted;
        String promotion;
        String reason;
        List<TrainingFinding> findings;
        String architectureNote;

        Job(String jobId, String model) {
            this.jobId = jobId;
            this.model = model;
        }

        void fill(String dataset, String datasetVersion, TrainingParameters parameters, String trigger) {
            this.dataset = this.dataset == null ? dataset : this.dataset;
            this.datasetVersion = this.datasetVersion == null ? datasetVersion : this.datasetVersion;
            this.parameters = this.parameters == null ? parameters : this.parameters;
            this.trigger = this.trigger == null ? trigger : this.trigger;
        }

        /** A start is news unless this run (or a later one) is on record. */
        boolean isNewRun(Instant at) {
            if (startedAt == null) { // unless its end was heard first
                return finishedAt == null || at == null || !at.isBefore(finishedAt);
            }
            if (at == null || !at.isAfter(startedAt)) {
                return false;
            }
            // a later start: the run on record crashed and this one resumes it, or it ended and this one retries
            return finishedAt == null || !at.isBefore(finishedAt);
        }

        /** An end that happened before the run on record started belongs to an earlier run. */
        boolean isStaleEnd(Instant at) {
            return status == JobStatus.RUNNING && startedAt != null && at != null && at.isBefore(startedAt);
        }

        synchronized TrainingJob snapshot() {
            return new TrainingJob(jobId, model, dataset, datasetVersion, parameters, trigger, status, worker,
                    requestedAt != null ? requestedAt : startedAt, startedAt, finishedAt, List.copyOf(epochs),
                    modelVersion, testAccuracy, testLoss, promoted, promotion, reason,
                    findings != null ? findings : RunningDiagnosis.of(parameters, epochs, classes), architectureNote);
        }
    }
}
