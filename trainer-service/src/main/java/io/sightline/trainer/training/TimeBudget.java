package io.sightline.trainer.training;

import java.util.Locale;

/**
 * How a job with {@code timeBudgetSeconds} spent it. The epochs are planned after the first one, from its
 * measured length, so that preprocessing (already spent), the epochs, the final test evaluation, the champion's
 * re-evaluation and publishing all end within the budget; the plan is revised after every epoch from that epoch's
 * length. The learning-rate schedule is stretched over the planned epochs.
 *
 * @param seconds          the budget
 * @param requestedEpochs  the most epochs asked for (both phases)
 * @param plannedEpochs    the epochs the budget allowed (both phases)
 * @param beforeTrainingMs spent before the first epoch (reading and preprocessing the images, building the network)
 * @param epochMs          mean length of an epoch, held-out pass included
 * @param reservedMs       kept back for evaluating and publishing after the last epoch
 */
public record TimeBudget(int seconds, int requestedEpochs, int plannedEpochs, long beforeTrainingMs, long epochMs,
                         long reservedMs) {

    /** One sentence for people. */
    public String describe() {
        return String.format(Locale.ROOT, "time budget %d s: %.1f s went to loading and preprocessing before the"
                        + " first epoch; epochs took %.1f s each, so %d of up to %d epochs were planned; %.1f s were"
                        + " kept for the test evaluation, the champion's re-evaluation and publishing", seconds,
                beforeTrainingMs / 1e3, epochMs / 1e3, plannedEpochs, requestedEpochs, reservedMs / 1e3);
    }
}
