package io.sightline.trainer.training;

import java.util.List;
import org.jboss.logging.Logger;

/**
 * Where a run stands on its validation images: the best epoch so far, how long ago it was (for reduce-on-plateau
 * and early stopping), the plateau factor in force and whether early stopping ended the phase. Saved in every
 * checkpoint, so a resumed run decides as the interrupted one would have.
 */
final class ValidationProgress {

    private static final Logger LOG = Logger.getLogger(ValidationProgress.class);

    private final int plateauPatience;
    private final int earlyStoppingPatience;
    private int bestEpoch;
    private double bestLoss = Double.POSITIVE_INFINITY;
    /** The best epoch's validation accuracy; -1 before the first. */
    private double bestAccuracy = -1;
    private double plateau = 1;
    private int sincePlateauBest;
    private int sinceBest;
    private boolean stoppedEarly;

    /**
     * @param plateauPatience       epochs without a better result before the learning rate is reduced; 0 = never
     * @param earlyStoppingPatience epochs without a better result that end the phase; 0 = never
     */
    ValidationProgress(int plateauPatience, int earlyStoppingPatience) {
        this.plateauPatience = plateauPatience;
        this.earlyStoppingPatience = earlyStoppingPatience;
    }

    /** Takes over the state a checkpoint saved. */
    void resume(Checkpoint.State state, List<EpochMetrics> history) {
        plateau = state.plateauFactor();
        sincePlateauBest = state.sincePlateauBest();
        sinceBest = state.sinceBest();
        bestEpoch = state.bestEpoch();
        bestLoss = state.bestLoss();
        bestAccuracy = history.stream().filter(h -> h.epoch() == bestEpoch && h.validationAccuracy() != null)
                .mapToDouble(EpochMetrics::validationAccuracy).findFirst().orElse(-1);
        stoppedEarly = state.phaseStopped();
    }

    /** A new phase (fine-tuning) gets its own patience; the best epoch and the plateau factor carry over. */
    void startPhase() {
        sinceBest = 0;
        stoppedEarly = false;
    }

    /** Whether early stopping of the phase a resumed run continues still stands. */
    void keepStopIf(boolean samePhase) {
        stoppedEarly = samePhase && stoppedEarly;
    }

    /**
     * Counts an epoch's validation result.
     *
     * @return whether it is the best so far (its weights are then worth keeping)
     */
    boolean record(int epoch, double accuracy, double loss) {
        // better = more validation images right, the loss breaking ties: the promotion gate and users judge
        // accuracy, and late in a run the loss often rises (confident mistakes) while accuracy still climbs
        boolean improved = accuracy > bestAccuracy || accuracy == bestAccuracy && loss < bestLoss;
        if (improved) {
            bestLoss = loss;
            bestAccuracy = accuracy;
            bestEpoch = epoch;
            sinceBest = 0;
            sincePlateauBest = 0;
            return true;
        }
        sinceBest++;
        sincePlateauBest++;
        if (plateauPatience > 0 && sincePlateauBest >= plateauPatience) {
            plateau *= LearningRateSchedule.PLATEAU_FACTOR;
            sincePlateauBest = 0;
            LOG.infof("epoch %d: validation has not improved for %d epochs; learning rate ×%.2f",
                    epoch, plateauPatience, plateau);
        }
        if (earlyStoppingPatience > 0 && sinceBest >= earlyStoppingPatience) {
            stoppedEarly = true;
        }
        return false;
    }

    /** Without validation images nothing is chosen: the latest epoch counts as the best. */
    void takeLatest(int epoch) {
        bestEpoch = epoch;
    }

    /** The checkpoint's record of this state. */
    Checkpoint.State state(String fingerprint, int phase, List<EpochMetrics> history) {
        return new Checkpoint.State(fingerprint, phase, history.size(), List.copyOf(history), plateau,
                sincePlateauBest, sinceBest, bestEpoch, bestLoss, stoppedEarly);
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestLoss() {
        return bestLoss;
    }

    double bestAccuracy() {
        return bestAccuracy;
    }

    double plateau() {
        return plateau;
    }

    boolean stoppedEarly() {
        return stoppedEarly;
    }
}
