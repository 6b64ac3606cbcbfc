package io.sightline.trainer.jobs.board;

import io.sightline.events.TrainingFinding;
import io.sightline.events.TrainingParameters;
import io.sightline.trainer.diagnosis.CurveDiagnosis;
import io.sightline.trainer.jobs.queue.ParameterRules;
import io.sightline.trainer.training.EpochMetrics;
import java.util.List;

/** The findings of a job's epochs so far, for a job whose run has not reported its own (decision 101). */
final class RunningDiagnosis {

    private RunningDiagnosis() {
    }

    /** {@code classes}: of the job's dataset, 0 when unknown (the chance-level rules are skipped then). */
    static List<TrainingFinding> of(TrainingParameters p, List<EpochMetrics> epochs, int classes) {
        if (epochs.isEmpty()) {
            return List.of();
        }
        // an automatic rate is 0 in the request: the first epoch's rate is the nearest to its peak that is known
        double peak = p != null && p.learningRate() > 0 ? p.learningRate()
                : epochs.stream().mapToDouble(EpochMetrics::learningRate).max().orElse(0);
        return CurveDiagnosis.diagnose(epochs, new CurveDiagnosis.Context(classes, peak,
                p != null && p.augmentation() != null && !p.augmentation().isEmpty(),
                p != null && ParameterRules.TRANSFER.equals(p.architecture()), p != null && p.findsLearningRate()));
    }
}
