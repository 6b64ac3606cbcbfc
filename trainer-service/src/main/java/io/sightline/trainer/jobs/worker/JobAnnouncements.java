package io.sightline.trainer.jobs.worker;

import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.cancel.CancelRequest;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.sweeps.SweepTriggers;
import io.sightline.trainer.training.EpochMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Tells the job table and the event stream how a job goes: started, each epoch, completed (then promoted or
 * not), failed, cancelled. Every event but an epoch's must be delivered: one that is not escapes as {@link
 * EventDeliveryException}, so the request is not acknowledged and comes back.
 */
final class JobAnnouncements {

    private static final Logger LOG = Logger.getLogger(JobAnnouncements.class);

    private final JobBoard board;
    private final TrainingEvents events;
    private final Promoter promoter;
    private final PublishedModels models;
    private final Clock clock;
    private final Duration sendTimeout;
    private final String workerName;

    JobAnnouncements(JobBoard board, TrainingEvents events, Promoter promoter, PublishedModels models, Clock clock,
                     Duration sendTimeout, String workerName) {
        this.board = board;
        this.events = events;
        this.promoter = promoter;
        this.models = models;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
        this.workerName = workerName;
    }

    void started(TrainingRequested request, TrainingParameters parameters, Instant startedAt) {
        TrainingStarted started = new TrainingStarted(request.jobId(), request.model(), request.dataset(),
                request.datasetVersion(), parameters, workerName, startedAt);
        board.started(started, request.trigger());
        EventDeliveryException.await(events.started(started), sendTimeout, "start of job " + request.jobId());
    }

    void epoch(TrainingRequested request, EpochMetrics epoch, int classes) {
        board.epoch(request.jobId(), request.model(), epoch, classes);
        TrainingEpoch event = new TrainingEpoch(request.jobId(), request.model(), epoch.epoch(), epoch.epochs(),
                epoch.trainLoss(), epoch.trainAccuracy(), epoch.validationLoss(), epoch.validationAccuracy(),
                epoch.learningRate(), epoch.durationMs(), epoch.imagesPerSecond(), epoch.peakLoss(), classes,
                epoch.trainLossError());
        try {
            EventDeliveryException.await(events.epoch(event), sendTimeout, "epoch " + epoch.epoch() + " of job "
                    + request.jobId());
        } catch (EventDeliveryException e) {
            // progress is nice to have; the job's outcome is what must not be lost
            LOG.warn(e.getMessage());
        }
    }

    /** Announces a published version, then lets the promotion policy decide on it. */
    void completed(TrainingRequested request, ModelMetrics metrics, long durationMs) throws IOException {
        TrainingCompleted completed = new TrainingCompleted(request.jobId(), metrics.model(), metrics.version(),
                metrics.lineage().dataset(), metrics.lineage().datasetVersion(), metrics.test().accuracy(),
                metrics.test().loss(), StoreKeys.modelVersion(metrics.model(), metrics.version()), durationMs,
                metrics.completedAt(), metrics.details() == null ? null : metrics.details().findings(),
                metrics.parameters());
        board.completed(completed);
        EventDeliveryException.await(events.completed(completed), sendTimeout, "completion of job " + request.jobId());
        // a sweep's trial is measured, never served: the sweep retrains its winner as the real model (decision 106)
        PromotionDecision decision = SweepTriggers.isTrial(request.trigger())
                ? PromotionDecision.keep("a sweep trial never becomes champion")
                : promoter.afterTraining(metrics);
        board.promotion(request.jobId(), request.model(), decision);
        LOG.infof("job %s: model %s version %s %s: %s", request.jobId(), metrics.model(), metrics.version(),
                decision.promote() ? "promoted" : "not promoted", decision.reason());
    }

    /** A redelivered job whose version exists: announce its result again, train nothing. */
    void completedBefore(TrainingRequested request, String version) throws IOException {
        LOG.infof("job %s already produced model %s version %s; announcing it again", request.jobId(),
                request.model(), version);
        Optional<ModelMetrics> metrics = models.metrics(request.model(), version);
        if (metrics.isPresent()) {
            ModelMetrics m = metrics.get();
            long durationMs = m.startedAt() != null && m.completedAt() != null
                    ? Duration.between(m.startedAt(), m.completedAt()).toMillis()
                    : 0;
            board.recovered(m);
            completed(request, m, durationMs);
        }
    }

    /** The job stopped, or was dropped before it ran, on a cancel request; {@code epochsDone} its last epoch. */
    JobOutcome cancelled(TrainingRequested request, int epochsDone, CancelRequest cancel) {
        LOG.infof("job %s: %s", request.jobId(), cancel.reason(epochsDone));
        TrainingCancelled cancelled = new TrainingCancelled(request.jobId(), request.model(), clock.instant(),
                cancel.by(), epochsDone, cancel.reason(epochsDone));
        board.cancelled(cancelled);
        EventDeliveryException.await(events.cancelled(cancelled), sendTimeout, "cancel of job " + request.jobId());
        return JobOutcome.CANCELLED;
    }

    JobOutcome failed(TrainingRequested request, String reason) {
        LOG.warnf("job %s failed: %s", request.jobId(), reason);
        Instant at = clock.instant();
        board.failed(request.jobId(), request.model(), reason, at);
        EventDeliveryException.await(events.failed(new TrainingFailed(request.jobId(), request.model(), reason, at)),
                sendTimeout, "failure of job " + request.jobId());
        return JobOutcome.FAILED;
    }
}
