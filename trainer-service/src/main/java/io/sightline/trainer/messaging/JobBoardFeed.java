package io.sightline.trainer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.events.EventTypes;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingCancelled;
import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingEpoch;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.training.EpochMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds the job table from the topics, so that every replica shows every job, wherever it was asked for
 * and wherever it runs, and whether its version was promoted ({@code sightline.models}; a version kept as a
 * candidate is on no topic, so only the replica that ran the job shows that decision). Each instance reads both topics from the start in a consumer group of its own and
 * commits nothing: the table is rebuilt from the topics at every start. What this instance's own worker
 * does reaches the table twice, at once and from here; {@link JobBoard} updates are idempotent.
 *
 * <p>A record that cannot be read is logged and skipped: this is a view, and the work-queue consumer
 * dead-letters what it cannot run.
 */
@ApplicationScoped
public class JobBoardFeed {

    private static final Logger LOG = Logger.getLogger(JobBoardFeed.class);

    private final JobBoard board;
    private final ObjectMapper json;

    JobBoardFeed(JobBoard board, ObjectMapper json) {
        this.board = board;
        this.json = json;
    }

    @Incoming(Channels.JOB_REQUESTS_FEED)
    public CompletionStage<Void> onRequest(Message<String> message) {
        Optional<String> type = CloudEvents.type(message);
        if (message.getPayload() != null && type.map(EventTypes.TRAINING_REQUESTED::equals).orElse(true)) {
            read(message, TrainingRequested.class).filter(r -> r.jobId() != null).ifPresent(board::queued);
        }
        return message.ack();
    }

    @Incoming(Channels.JOB_EVENTS_FEED)
    public CompletionStage<Void> onProgress(Message<String> message) {
        Optional<String> type = CloudEvents.type(message);
        if (message.getPayload() == null || type.isEmpty()) {
            return message.ack();
        }
        switch (type.get()) {
            case EventTypes.TRAINING_STARTED -> read(message, TrainingStarted.class)
                    .filter(s -> s.jobId() != null)
                    .ifPresent(s -> board.started(s, null));
            case EventTypes.TRAINING_EPOCH -> read(message, TrainingEpoch.class)
                    .filter(e -> e.jobId() != null)
                    .ifPresent(e -> board.epoch(e.jobId(), e.model(), new EpochMetrics(e.epoch(), e.epochs(),
                            e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                            e.learningRate(), e.durationMs(), e.imagesPerSecond(), null, e.peakLoss(),
                            e.trainLossError()),
                            e.classes() == null ? 0 : e.classes()));
            case EventTypes.TRAINING_COMPLETED -> read(message, TrainingCompleted.class)
                    .filter(c -> c.jobId() != null)
                    .ifPresent(board::completed);
            case EventTypes.TRAINING_FAILED -> read(message, TrainingFailed.class)
                    .filter(f -> f.jobId() != null)
                    .ifPresent(f -> board.failed(f.jobId(), f.model(), f.reason(), f.failedAt()));
            case EventTypes.TRAINING_CANCELLED -> read(message, TrainingCancelled.class)
                    .filter(c -> c.jobId() != null)
                    .ifPresent(board::cancelled);
            default -> {
                // a type added later: not for the table
            }
        }
        return message.ack();
    }

    @Incoming(Channels.JOB_PROMOTIONS_FEED)
    public CompletionStage<Void> onPromotion(Message<String> message) {
        Optional<String> type = CloudEvents.type(message);
        if (message.getPayload() != null && type.map(EventTypes.MODEL_PROMOTED::equals).orElse(false)) {
            read(message, ModelPromoted.class).filter(p -> p.jobId() != null)
                    .ifPresent(p -> board.promotedElsewhere(p.jobId(), p.model(), p.version(), p.promotedAt()));
        }
        return message.ack();
    }

    private <T> Optional<T> read(Message<String> message, Class<T> type) {
        try {
            return Optional.of(json.readValue(message.getPayload(), type));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("job table: skipping a record that is not a readable %s: %s", type.getSimpleName(), e.toString());
            return Optional.empty();
        }
    }
}
