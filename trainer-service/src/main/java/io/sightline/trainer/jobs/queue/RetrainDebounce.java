package io.sightline.trainer.jobs.queue;

import io.sightline.events.DatasetSplit;
import io.sightline.trainer.jobs.board.TrainingJob;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Holds a dataset's retrain until the dataset has been quiet for a while: a newer split of the same dataset within
 * that time replaces the waiting one, so a burst of splits trains once, on the newest.
 */
final class RetrainDebounce {

    private static final Logger LOG = Logger.getLogger(RetrainDebounce.class);

    private final Duration quiet;
    private final CallerContext callerContext;
    private final Map<String, PendingSplit> pendingSplits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sightline-retrain-debounce");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param quiet         how long a split waits for a newer one; zero or less: not at all
     * @param callerContext carries the split's trace into the delayed retrain
     */
    RetrainDebounce(Duration quiet, CallerContext callerContext) {
        this.quiet = quiet;
        this.callerContext = callerContext;
    }

    /**
     * Queues the split's retrain once its dataset has been quiet long enough.
     *
     * @param wait  how long, this binding's own; null: the time given at construction
     * @param queue queues the retrain, when the split is still the newest
     * @return completes with the job queued, or empty when a newer split replaced this one
     */
    CompletionStage<Optional<TrainingJob>> whenQuiet(DatasetSplit split, Duration wait,
                                                     Supplier<CompletionStage<Optional<TrainingJob>>> queue) {
        Duration quiet = wait != null ? wait : this.quiet;
        if (quiet.isZero() || quiet.isNegative()) {
            return queue.get();
        }
        PendingSplit pending = new PendingSplit(split);
        PendingSplit previous = pendingSplits.put(split.dataset(), pending);
        if (previous != null) {
            if (!previous.split.equals(split)) {
                LOG.infof("dataset %s version %s supersedes version %s, which will not be trained", split.dataset(),
                        split.version(), previous.split.version());
            }
            previous.settled.complete(Optional.empty());
        }
        timer.schedule(callerContext.carry(() -> {
            if (pendingSplits.remove(split.dataset(), pending)) {
                queue.get().whenComplete((job, error) -> {
                    if (error != null) {
                        pending.settled.completeExceptionally(error);
                    } else {
                        pending.settled.complete(job);
                    }
                });
            }
        }), quiet.toMillis(), TimeUnit.MILLISECONDS);
        return pending.settled;
    }

    /** A split waiting for its dataset to be quiet; {@code settled} completes when it has been dealt with. */
    private static final class PendingSplit {
        final DatasetSplit split;
        final CompletableFuture<Optional<TrainingJob>> settled = new CompletableFuture<>();

        PendingSplit(DatasetSplit split) {
            this.split = split;
        }
    }
}
