package io.sightline.trainer.jobs.history;

import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.training.EpochMetrics;
import java.util.List;
import java.util.Objects;

/**
 * Joins what this replica knows of a finished job with the summary already stored, so that every replica may write
 * it, in any order, and the result only gains: the replica that ran the job knows the epochs' phases and a
 * candidate's promotion decision, which the topics do not carry; another may have heard the end first.
 */
final class SummaryMerge {

    private SummaryMerge() {
    }

    static TrainingJob merge(TrainingJob known, TrainingJob stored) {
        if (stored == null) {
            return known;
        }
        // a completion is never replaced by a failure (as in the job table)
        boolean keepStored = stored.status() == JobStatus.COMPLETED && known.status() != JobStatus.COMPLETED;
        TrainingJob a = keepStored ? stored : known;
        TrainingJob b = keepStored ? known : stored;
        boolean sameOutcome = a.status() == b.status();
        return new TrainingJob(a.jobId(), or(a.model(), b.model()), or(a.dataset(), b.dataset()),
                or(a.datasetVersion(), b.datasetVersion()), or(a.parameters(), b.parameters()),
                or(a.trigger(), b.trigger()), a.status(), or(a.worker(), b.worker()),
                or(a.requestedAt(), b.requestedAt()), or(a.startedAt(), b.startedAt()),
                or(a.finishedAt(), sameOutcome ? b.finishedAt() : null), richer(a.epochs(), b.epochs()),
                or(a.modelVersion(), b.modelVersion()), or(a.testAccuracy(), b.testAccuracy()),
                or(a.testLoss(), b.testLoss()), or(a.promoted(), b.promoted()), or(a.promotion(), b.promotion()),
                or(a.reason(), sameOutcome ? b.reason() : null), null, or(a.architectureNote(), b.architectureNote()));
    }

    private static <T> T or(T first, T second) {
        return first != null ? first : second;
    }

    /** More epochs win; then the list that names more phases (the worker's own, not the topic's). */
    private static List<EpochMetrics> richer(List<EpochMetrics> a, List<EpochMetrics> b) {
        List<EpochMetrics> first = a == null ? List.of() : a;
        List<EpochMetrics> second = b == null ? List.of() : b;
        if (first.size() != second.size()) {
            return first.size() > second.size() ? first : second;
        }
        return phases(second) > phases(first) ? second : first;
    }

    private static long phases(List<EpochMetrics> epochs) {
        return epochs.stream().map(EpochMetrics::phase).filter(Objects::nonNull).count();
    }
}
