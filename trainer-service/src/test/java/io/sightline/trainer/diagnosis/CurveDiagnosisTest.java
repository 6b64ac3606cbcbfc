package io.sightline.trainer.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingFinding;
import io.sightline.trainer.training.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules on synthetic curves: each shape gives its finding with numbers and a value; a healthy run none. */
class CurveDiagnosisTest {

    private static final CurveDiagnosis.Context TEN_CLASSES = new CurveDiagnosis.Context(10, 1e-3, false, false);

    /** Epochs from parallel arrays of train loss, train accuracy, validation loss, validation accuracy. */
    private static List<EpochMetrics> curves(double rate, double[] loss, double[] acc, double[] valLoss,
                                             double[] valAcc) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < loss.length; i++) {
            epochs.add(new EpochMetrics(i + 1, loss.length, loss[i], acc[i], valLoss == null ? null : valLoss[i],
                    valAcc == null ? null : valAcc[i], rate, 100, 500.0, EpochMetrics.TRAIN));
        }
        return epochs;
    }

    private static List<String> kinds(List<TrainingFinding> findings) {
        return findings.stream().map(TrainingFinding::kind).toList();
    }

    @Test
    void aHealthyRunHasNoFinding() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(1e-3,
                new double[] {1.2, 0.6, 0.4, 0.3, 0.25, 0.22}, new double[] {0.6, 0.8, 0.87, 0.91, 0.93, 0.94},
                new double[] {0.8, 0.5, 0.4, 0.35, 0.33, 0.32}, new double[] {0.7, 0.83, 0.87, 0.89, 0.9, 0.9}),
                TEN_CLASSES);

        assertThat(findings).isEmpty();
    }

    @Test
    void aLossThatRisesOnceIsNoisyAndTheRateSuggestedIsAThird() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(3e-3,
                new double[] {1.2, 0.7, 0.9, 0.6, 0.5}, new double[] {0.6, 0.75, 0.7, 0.8, 0.85},
                null, null), new CurveDiagnosis.Context(10, 3e-3, false, false));

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.NOISY);
        assertThat(findings.get(0).epoch()).isEqualTo(3);
        assertThat(findings.get(0).evidence()).contains("0.7000", "0.9000", "+29%");
        assertThat(findings.get(0).suggestion()).contains("from 0.003 to 0.001");
    }

    /** Fashion-MNIST at 1e-2 (seed 42, decision 115): epoch curves like an under-fitted run, one batch at 21.7. */
    private static List<EpochMetrics> thrownOff(double firstPeak) {
        List<EpochMetrics> epochs = new ArrayList<>();
        double[] loss = {1.9056, 0.7637, 0.6550, 0.5973};
        double[] acc = {0.5316, 0.7048, 0.7486, 0.7702};
        double[] val = {0.7440, 0.7690, 0.8030, 0.8090};
        double[] peak = {firstPeak, 1.00, 0.92, 0.84};
        for (int i = 0; i < loss.length; i++) {
            epochs.add(new EpochMetrics(i + 1, 4, loss[i], acc[i], null, val[i], 1e-2, 100, 500.0,
                    EpochMetrics.TRAIN, peak[i]));
        }
        return epochs;
    }

    @Test
    void aBatchLossFarAboveAGuessMeansTheRateIsTooHighAndTheSuggestionDividesByTheSpike() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(thrownOff(21.69),
                new CurveDiagnosis.Context(10, 1e-2, false, false));

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.TOO_HIGH_RATE);
        assertThat(findings.get(0).epoch()).isEqualTo(1);
        assertThat(findings.get(0).evidence()).contains("21.69", "9.4×", "2.303", "1.9056");
        assertThat(findings.get(0).suggestion()).contains("from 0.01 to 0.0011 (÷9)");
    }

    @Test
    void aSpikeIsNotReadWithoutTheClassesNorBelowThreeGuesses() {
        // the same curves at 1e-3 peaked at 2.91 (1.3× ln 10); and the running view does not know the classes
        assertThat(kinds(CurveDiagnosis.diagnose(thrownOff(2.91), new CurveDiagnosis.Context(10, 1e-2, false,
                false)))).containsExactly(CurveDiagnosis.UNDER_FITTING);
        assertThat(kinds(CurveDiagnosis.diagnose(thrownOff(21.69), new CurveDiagnosis.Context(0, 1e-2, false,
                false)))).containsExactly(CurveDiagnosis.UNDER_FITTING);
    }

    /** Epochs with each one's peak batch loss, at a constant rate (for the too-low rules; decision 115). */
    private static List<EpochMetrics> withPeaks(double rate, double[] loss, double[] acc, double[] valAcc,
                                                double[] peak) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < loss.length; i++) {
            epochs.add(new EpochMetrics(i + 1, loss.length, loss[i], acc[i], null, valAcc[i], rate, 100, 500.0,
                    EpochMetrics.TRAIN, peak[i]));
        }
        return epochs;
    }

    @Test
    void aRunThatCreptAtChanceHasTooLowARateNotTooHigh() {
        // Fashion-MNIST at 1e-6, seed 42: 0.0921 on test
        List<EpochMetrics> crept = withPeaks(1e-6, new double[] {2.6070, 2.5145, 2.4703, 2.4509},
                new double[] {0.0847, 0.0946, 0.1002, 0.1047}, new double[] {0.087, 0.101, 0.107, 0.108},
                new double[] {2.75, 2.70, 2.66, 2.62});
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(crept, new CurveDiagnosis.Context(10, 1e-6, false,
                false));

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.TOO_LOW_RATE);
        assertThat(findings.get(0).evidence()).contains("2.4509", "2.6070", "2.75");
        assertThat(findings.get(0).suggestion()).contains("raise the learning rate from 0.000001 to 0.00001 (×10)");

        // the same curves, but one batch thrown to 9 guesses: too high after all
        List<EpochMetrics> thrown = withPeaks(1e-6, new double[] {2.6070, 2.5145, 2.4703, 2.4509},
                new double[] {0.0847, 0.0946, 0.1002, 0.1047}, new double[] {0.087, 0.101, 0.107, 0.108},
                new double[] {21.0, 2.70, 2.66, 2.62});
        assertThat(kinds(CurveDiagnosis.diagnose(thrown, new CurveDiagnosis.Context(10, 1e-6, false, false))))
                .containsExactly(CurveDiagnosis.TOO_HIGH_RATE);
    }

    @Test
    void aFirstEpochThatBarelyLeftAGuessIsTooLowARateNotJustTooFewEpochs() {
        // Fashion-MNIST at 1e-5, seed 42: 0.5728 on test (1e-4: 0.8096, its first epoch 1.2580: plain under-fitting)
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(withPeaks(1e-5,
                new double[] {2.2673, 1.7981, 1.6047, 1.5433}, new double[] {0.1703, 0.3726, 0.4629, 0.4836},
                new double[] {0.395, 0.527, 0.556, 0.560}, new double[] {2.67, 2.05, 1.9, 1.8}),
                new CurveDiagnosis.Context(10, 1e-5, false, false));
        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.TOO_LOW_RATE);
        assertThat(findings.get(0).evidence()).contains("2.2673", "2.3026", "0.484");
        assertThat(findings.get(0).suggestion()).contains("from 0.00001 to 0.0001 (×10)");

        List<TrainingFinding> tenfold = CurveDiagnosis.diagnose(withPeaks(1e-4,
                new double[] {1.2580, 0.7133, 0.6225, 0.5925}, new double[] {0.5623, 0.7519, 0.7862, 0.7940},
                new double[] {0.759, 0.801, 0.804, 0.811}, new double[] {2.67, 0.95, 0.85, 0.8}),
                new CurveDiagnosis.Context(10, 1e-4, false, false));
        assertThat(kinds(tenfold)).containsExactly(CurveDiagnosis.UNDER_FITTING);
    }

    @Test
    void hundredthsOfANatNearZeroAreNoRiseAndTwoClassesNeedMoreThanAHardBatchForASpike() {
        // 2 classes, 200 pictures, the course's transfer recipe at 1e-3 (seed 2): a hard batch of 16 reached 3.1 nats
        // (4.5 guesses of ln 2) and the nearly learned means rose 0.0735 → 0.0784 → 0.0848: all sampling
        List<EpochMetrics> small = withPeaks(1e-3, new double[] {0.9368, 0.30, 0.15, 0.0735, 0.0784, 0.0848},
                new double[] {0.62, 0.88, 0.95, 0.98, 0.98, 0.97}, new double[] {0.80, 0.82, 0.83, 0.83, 0.83, 0.83},
                new double[] {3.144, 1.2, 0.9, 0.6, 0.5, 0.6});
        assertThat(CurveDiagnosis.diagnose(small, new CurveDiagnosis.Context(2, 1e-3, false, true))).isEmpty();

        // the same rises on 10 classes' scale are a tenth of a nat each: diverging
        List<EpochMetrics> large = withPeaks(1e-3, new double[] {1.2, 0.9, 0.7, 0.8, 0.9, 1.05},
                new double[] {0.6, 0.7, 0.75, 0.72, 0.7, 0.65}, new double[] {0.7, 0.75, 0.78, 0.76, 0.74, 0.7},
                new double[] {2.6, 2.0, 1.6, 1.8, 2.0, 2.2});
        assertThat(kinds(CurveDiagnosis.diagnose(large, new CurveDiagnosis.Context(10, 1e-3, false, false))))
                .containsExactly(CurveDiagnosis.DIVERGING);
    }

    /** Epochs 9–14 of seed 3's scratch run on the course's small-data recipe (decision 116): mean ± standard error. */
    private static List<EpochMetrics> withErrors(double[] loss, double[] error) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < loss.length; i++) {
            epochs.add(new EpochMetrics(i + 1, loss.length, loss[i], 0.95, null, 0.82, 1e-3, 100, 500.0,
                    EpochMetrics.TRAIN, 0.9, error[i]));
        }
        return epochs;
    }

    @Test
    void aRiseWithinTheBatchesSpreadIsSamplingNotNoise() {
        // 2 classes, 200 pictures, batches of 16 (13 an epoch) at 1e-3: +18 % from epoch 11 to 12, within 2 standard
        // errors of the difference (0.0226 against 2 × 0.0256); the run was told "noisy, lower the rate" before
        double[] loss = {0.2148, 0.1869, 0.1246, 0.1472, 0.0884, 0.0915};
        CurveDiagnosis.Context twoClasses = new CurveDiagnosis.Context(2, 1e-3, false, false);
        assertThat(CurveDiagnosis.diagnose(withErrors(loss,
                new double[] {0.0252, 0.0300, 0.0145, 0.0211, 0.0149, 0.0178}), twoClasses)).isEmpty();

        // the same means from epochs of many batches (errors a quarter as large): the rise is the rate's
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(withErrors(loss,
                new double[] {0.0063, 0.0075, 0.0036, 0.0053, 0.0037, 0.0045}), twoClasses);
        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.NOISY);
        assertThat(findings.get(0).evidence()).contains("0.1246", "0.1472", "+18%");
        // without the spread (older records) the rise counts as before
        assertThat(kinds(CurveDiagnosis.diagnose(curves(1e-3, loss, new double[] {0.9, 0.92, 0.95, 0.94, 0.96, 0.96},
                null, null), twoClasses))).containsExactly(CurveDiagnosis.NOISY);
    }

    @Test
    void aLossRisingTwiceRunningIsDiverging() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(1e-2,
                new double[] {1.0, 0.8, 1.0, 1.3}, new double[] {0.6, 0.7, 0.65, 0.55}, null, null),
                new CurveDiagnosis.Context(10, 1e-2, false, false));

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.DIVERGING);
        assertThat(findings.get(0).epoch()).isEqualTo(4);
        assertThat(findings.get(0).suggestion()).contains("to 0.001");
    }

    @Test
    void aLossAboveAUniformGuessIsDiverging() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(0.5,
                new double[] {40, 3.1}, new double[] {0.1, 0.1}, null, null),
                new CurveDiagnosis.Context(10, 0.5, false, false));

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.DIVERGING);
        assertThat(findings.get(0).evidence()).contains("2.303"); // ln 10
        assertThat(findings.get(0).suggestion()).contains("from 0.5 to 0.05");
    }

    @Test
    void aDivergingRunWithAThrownBatchIsToldHowFarToLowerTheRate() {
        // Fashion-MNIST, 10,000 pictures, seed 42 (decision 116): at 1e-1 a batch reached 520.9 nats and the network
        // never left chance (0.1000); at 3e-2 84.07 (0.4057). ÷10 suggested 0.01 and 0.003, themselves too high
        List<EpochMetrics> at01 = withPeaks(0.1, new double[] {16.5121, 2.3049, 2.3042, 2.3030},
                new double[] {0.1024, 0.1003, 0.1033, 0.1027}, new double[] {0.102, 0.103, 0.103, 0.103},
                new double[] {520.9, 2.318, 2.317, 2.311});
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(at01, new CurveDiagnosis.Context(10, 0.1, false, false));
        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.DIVERGING);
        assertThat(findings.get(0).evidence()).contains("16.51", "520.9", "226×", "the rate is too high");
        assertThat(findings.get(0).suggestion()).contains("from 0.1 to 0.00044 (÷226)");

        List<EpochMetrics> at003 = withPeaks(0.03, new double[] {4.7642, 2.0096, 1.7987, 1.7613},
                new double[] {0.1511, 0.2036, 0.2872, 0.3297}, new double[] {0.198, 0.34, 0.397, 0.403},
                new double[] {84.07, 2.239, 1.985, 1.905});
        assertThat(CurveDiagnosis.diagnose(at003, new CurveDiagnosis.Context(10, 0.03, false, false)).get(0)
                .suggestion()).contains("from 0.03 to 0.00081 (÷37)");

        // thrown a million nats high at 10: far too high, but not "use 2e-5" — no lower than 1e-4
        List<EpochMetrics> at10 = withPeaks(10, new double[] {9000, 2.31}, new double[] {0.1, 0.1},
                new double[] {0.1, 0.1}, new double[] {1e6, 2.4});
        assertThat(CurveDiagnosis.diagnose(at10, new CurveDiagnosis.Context(10, 10, false, false)).get(0)
                .suggestion()).contains("from 10 to 0.0001 (÷100000)");
    }

    @Test
    void aPlateauThatEndedHigherSaysWorseAndSuggestsAHigherRate() {
        // 2 classes of Fashion-MNIST, 200 pictures, 10 epochs at 1e-5 (seed 42, bench/trainer/rates.sh CLASSES=0,6)
        double[] loss = {0.7589, 0.6877, 0.6474, 0.6271, 0.5605, 0.6152, 0.5442, 0.5334, 0.5243, 0.5607};
        double[] error = {0.0342, 0.0278, 0.0465, 0.0320, 0.0289, 0.0293, 0.0320, 0.0285, 0.0239, 0.0412};
        double[] acc = {0.55, 0.61, 0.64, 0.70, 0.695, 0.64, 0.71, 0.705, 0.735, 0.74};
        List<EpochMetrics> slow = new ArrayList<>();
        for (int i = 0; i < loss.length; i++) {
            slow.add(new EpochMetrics(i + 1, loss.length, loss[i], acc[i], null, null, 1e-5, 100, 500.0,
                    EpochMetrics.TRAIN, 1.0, error[i]));
        }
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(slow, new CurveDiagnosis.Context(2, 1e-5, false,
                false));
        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.PLATEAU);
        assertThat(findings.get(0).evidence()).contains("0.5442 → 0.5607", "(3.0% worse)");
        assertThat(findings.get(0).suggestion()).contains("a rate of 0.00003 (3× the peak)");
    }

    @Test
    void aNetworkStuckAtChanceHasTooHighARate() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(0.5,
                new double[] {2.31, 2.30, 2.30}, new double[] {0.1, 0.11, 0.1}, null, null),
                new CurveDiagnosis.Context(10, 0.5, false, false));

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.TOO_HIGH_RATE);
        assertThat(findings.get(0).suggestion()).contains("to 0.05");
    }

    @Test
    void aFlatLossIsAPlateauWithTheEpochToStopAt() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(1e-4,
                new double[] {1.5, 1.0, 0.9, 0.899, 0.898, 0.897}, new double[] {0.4, 0.6, 0.65, 0.65, 0.65, 0.66},
                null, null), new CurveDiagnosis.Context(10, 1e-4, false, false));

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.PLATEAU);
        assertThat(findings.get(0).suggestion()).contains("epochs 3", "0.0003");
    }

    @Test
    void aGrowingGapIsOverFittingWithAugmentationAndTheBestEpochSuggested() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(1e-3,
                new double[] {1.0, 0.5, 0.3, 0.15, 0.06}, new double[] {0.65, 0.82, 0.9, 0.96, 0.99},
                new double[] {0.9, 0.6, 0.55, 0.62, 0.75}, new double[] {0.68, 0.8, 0.83, 0.82, 0.81}),
                TEN_CLASSES);

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.OVER_FITTING);
        assertThat(findings.get(0).suggestion()).contains("augmentation flip,crop", "epochs 3");
        assertThat(findings.get(0).evidence()).contains("0.180");
    }

    @Test
    void overFittingWithAugmentationAlreadyOnSuggestsTransfer() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(1e-3,
                new double[] {1.0, 0.5, 0.3, 0.15, 0.06}, new double[] {0.65, 0.82, 0.9, 0.96, 0.99},
                new double[] {0.9, 0.6, 0.55, 0.62, 0.75}, new double[] {0.68, 0.8, 0.83, 0.82, 0.81}),
                new CurveDiagnosis.Context(10, 1e-3, true, false));

        assertThat(findings.get(0).suggestion()).startsWith("transfer");
    }

    @Test
    void aLowAccuracyStillFallingIsUnderFittingWithMoreEpochs() {
        List<TrainingFinding> findings = CurveDiagnosis.diagnose(curves(1e-4,
                new double[] {2.0, 1.6, 1.3}, new double[] {0.3, 0.45, 0.55},
                new double[] {1.9, 1.5, 1.25}, new double[] {0.32, 0.47, 0.56}), TEN_CLASSES);

        assertThat(kinds(findings)).containsExactly(CurveDiagnosis.UNDER_FITTING);
        assertThat(findings.get(0).suggestion()).contains("epochs 6", "or learningRate auto");
        // a rate the range test chose is not offered again
        List<TrainingFinding> found = CurveDiagnosis.diagnose(curves(1e-4,
                new double[] {2.0, 1.6, 1.3}, new double[] {0.3, 0.45, 0.55},
                new double[] {1.9, 1.5, 1.25}, new double[] {0.32, 0.47, 0.56}),
                new CurveDiagnosis.Context(10, 1e-4, false, false, true));
        assertThat(found.get(0).suggestion()).isEqualTo("train longer: epochs 6");
    }

    @Test
    void theFineTuningPhaseIsNotReadAsNoise() {
        List<EpochMetrics> epochs = new ArrayList<>(curves(1e-3, new double[] {1.0, 0.4, 0.2},
                new double[] {0.7, 0.9, 0.95}, null, null));
        epochs.add(new EpochMetrics(4, 4, 0.5, 0.85, null, null, 2e-5, 100, 500.0, EpochMetrics.FINE_TUNE));

        assertThat(CurveDiagnosis.diagnose(epochs, TEN_CLASSES)).isEmpty();
    }

    @Test
    void ratesReadAsPeopleWriteThem() {
        assertThat(CurveDiagnosis.rate(0.001)).isEqualTo("0.001");
        assertThat(CurveDiagnosis.rate(3e-5)).isEqualTo("0.00003");
        assertThat(CurveDiagnosis.rate(0.5 / 3)).isEqualTo("0.17");
        assertThat(CurveDiagnosis.rate(3)).isEqualTo("3");
    }
}
