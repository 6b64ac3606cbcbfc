package io.sightline.trainer.jobs.worker;

import io.sightline.events.TrainingFinding;
import io.sightline.events.TrainingParameters;
import io.sightline.trainer.diagnosis.CurveDiagnosis;
import io.sightline.trainer.jobs.queue.ParameterRules;
import io.sightline.trainer.training.LearningRateSweep;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingSpec;
import java.util.List;

/** What a finished job's version records about its learning rate and its curves (decision 101). */
final class RunDiagnosis {

    private RunDiagnosis() {
    }

    /** The parameters with the rates the range test chose in place of 0, as the report and metrics show them. */
    static TrainingParameters resolvedRates(TrainingParameters p, LearningRateSweep sweep) {
        if (sweep == null || !p.findsLearningRate()) {
            return p;
        }
        TrainingParameters.Builder resolved = p.toBuilder().setLearningRate(sweep.chosen());
        boolean fineTunes = ParameterRules.TRANSFER.equals(p.architecture())
                && (p.fineTuneEpochs() != null && p.fineTuneEpochs() > 0);
        if (p.fineTuneLearningRate() == null && fineTunes) {
            resolved.optFineTuneLearningRate(sweep.chosen() * TrainingSpec.FINE_TUNE_RATIO);
        }
        return resolved.build();
    }

    /** The findings of the whole run. */
    static List<TrainingFinding> findings(TrainingParameters p, TrainedModel trained, int classes) {
        double peak = trained.learningRateSweep() != null ? trained.learningRateSweep().chosen() : p.learningRate();
        return CurveDiagnosis.diagnose(trained.history(), new CurveDiagnosis.Context(classes, peak,
                p.augmentation() != null && !p.augmentation().isEmpty(),
                ParameterRules.TRANSFER.equals(p.architecture()), p.findsLearningRate()));
    }
}
