package io.sightline.trainer.registry;

import io.sightline.events.TrainingFinding;
import io.sightline.trainer.training.LearningRateSweep;
import io.sightline.trainer.report.Environment;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.trainer.training.TimeBudget;
import io.sightline.trainer.training.ValidationSlice;
import java.util.List;

/**
 * How a run went beyond its scores, for the report.
 *
 * @param network          the full architecture description (with the base architecture, for transfer)
 * @param rationale        why this architecture fits this dataset, for people
 * @param totalParameters  values in all parameter tensors
 * @param frozenParameters of those, the ones frozen in the first phase (the backbone)
 * @param bestEpoch        the epoch whose weights were kept
 * @param stoppedEarly     whether early stopping ended training
 * @param resumedFromEpoch epochs taken over from a checkpoint (0: none)
 * @param cached           whether the preprocessed images were held in memory
 * @param tensorBytes      bytes the preprocessed images take
 * @param cacheBudgetBytes the memory budget they were held to
 * @param warnings         things that went wrong without stopping the run
 * @param environment      software and hardware
 * @param validation       where the epoch was chosen: the dataset's validation split, a slice of train, or nothing
 *                         (added later)
 * @param timeBudget       how a time budget was spent; null without one (added later)
 * @param learningRateSweep the range test that chose the learning rate; null when it was given (added later)
 * @param findings         what the curves say (decision 101); null in versions written before (added later)
 */
public record TrainingDetails(ArchitectureSpec network, String rationale, long totalParameters,
                              long frozenParameters, int bestEpoch, boolean stoppedEarly, int resumedFromEpoch,
                              boolean cached, long tensorBytes, long cacheBudgetBytes, List<String> warnings,
                              Environment environment, ValidationSlice validation, TimeBudget timeBudget,
                              LearningRateSweep learningRateSweep, List<TrainingFinding> findings) {

    /** Details without the range test or findings (as earlier versions wrote them). */
    public TrainingDetails(ArchitectureSpec network, String rationale, long totalParameters, long frozenParameters,
                           int bestEpoch, boolean stoppedEarly, int resumedFromEpoch, boolean cached, long tensorBytes,
                           long cacheBudgetBytes, List<String> warnings, Environment environment,
                           ValidationSlice validation, TimeBudget timeBudget) {
        this(network, rationale, totalParameters, frozenParameters, bestEpoch, stoppedEarly, resumedFromEpoch, cached,
                tensorBytes, cacheBudgetBytes, warnings, environment, validation, timeBudget, null, null);
    }

    /** Details without validation or time budget (as earlier versions wrote them). */
    public TrainingDetails(ArchitectureSpec network, String rationale, long totalParameters, long frozenParameters,
                           int bestEpoch, boolean stoppedEarly, int resumedFromEpoch, boolean cached, long tensorBytes,
                           long cacheBudgetBytes, List<String> warnings, Environment environment) {
        this(network, rationale, totalParameters, frozenParameters, bestEpoch, stoppedEarly, resumedFromEpoch, cached,
                tensorBytes, cacheBudgetBytes, warnings, environment, null, null, null, null);
    }
}
