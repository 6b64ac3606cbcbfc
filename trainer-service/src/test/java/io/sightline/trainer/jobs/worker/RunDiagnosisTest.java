package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingParameters;
import io.sightline.trainer.training.LearningRateSweep;
import io.sightline.trainer.training.TrainingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an automatic rate reaches the spec and, once chosen, the parameters a version records. */
class RunDiagnosisTest {

    private static final LearningRateSweep SWEEP = new LearningRateSweep(List.of(1e-6, 1e-3), List.of(2.3, 1.9),
            2e-3, 2e-2, 20, false, 120, "rule", 0, 0, 0);

    private static TrainingParameters.Builder transferAuto() {
        return TrainingParameters.builder().setArchitecture("transfer").optBaseModel("base").setEpochs(4)
                .setBatchSize(8).setLearningRate(0).optLearningRateAuto(true).optFineTuneEpochs(2).setSeed(1);
    }

    @Test
    void anAutomaticRateIsZeroInTheSpecAndTheFineTuningRateFollowsTheChosenOne() {
        TrainingSpec spec = TrainingSpec.of(transferAuto().build());
        assertThat(spec.findsLearningRate()).isTrue();
        assertThat(spec.fineTuneLearningRate()).isZero(); // EpochLoop: chosen × FINE_TUNE_RATIO

        TrainingParameters resolved = RunDiagnosis.resolvedRates(transferAuto().build(), SWEEP);
        assertThat(resolved.learningRate()).isEqualTo(2e-3);
        assertThat(resolved.fineTuneLearningRate()).isEqualTo(2e-3 / 50);
        assertThat(resolved.learningRateAuto()).isTrue();
    }

    @Test
    void aGivenFineTuningRateAndAGivenRateAreKept() {
        TrainingParameters given = transferAuto().optFineTuneLearningRate(1e-5).build();
        assertThat(TrainingSpec.of(given).fineTuneLearningRate()).isEqualTo(1e-5);
        assertThat(RunDiagnosis.resolvedRates(given, SWEEP).fineTuneLearningRate()).isEqualTo(1e-5);

        TrainingParameters fixed = transferAuto().setLearningRate(1e-3).optLearningRateAuto(null).build();
        assertThat(TrainingSpec.of(fixed).learningRate()).isEqualTo(1e-3);
        assertThat(RunDiagnosis.resolvedRates(fixed, null)).isSameAs(fixed);
    }
}
