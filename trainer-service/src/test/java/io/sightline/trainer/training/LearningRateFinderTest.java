package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.events.TrainingFinding;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.diagnosis.CurveDiagnosis;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The range test and the diagnosis on real training: tiny shapes, a few epochs. */
class LearningRateFinderTest {

    @TempDir
    static Path storeDir;

    static TrainingImages images;
    /** 24 batches of 16 an epoch: room for the test's first steps in the first epoch. */
    static TrainingImages more;

    @BeforeAll
    static void generateDataset() throws Exception {
        ArtifactStore store = new FileArtifactStore(storeDir);
        DatasetManifest shapes = TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(16, 4, 6), 1);
        images = TrainingImages.load(store, shapes, TestDatasets.SIZE);
        more = TrainingImages.load(store, TestDatasets.publish(store, "more", "1", new TestDatasets.Split(128, 4, 6),
                2), TestDatasets.SIZE);
    }

    @Test
    void choosesARateInASaneRangeAndTrainsWithIt() throws Exception {
        TrainingSpec auto = new TrainingSpec("cnn", TestDatasets.SIZE, 3, 8, 0, 42);
        assertThat(auto.findsLearningRate()).isTrue();

        try (TrainedModel trained = new ImageClassifierTrainer().train(images, auto, e -> { })) {
            LearningRateSweep sweep = trained.learningRateSweep();
            System.out.printf("range test: %s, %d ms%n", sweep.rule(), sweep.durationMs());
            assertThat(sweep.rates()).hasSizeGreaterThanOrEqualTo(10).isSorted();
            assertThat(sweep.rates().get(0)).isEqualTo(LearningRateFinder.MIN_RATE);
            assertThat(sweep.losses()).hasSameSizeAs(sweep.rates()).allMatch(Double::isFinite);
            assertThat(sweep.plannedSteps()).isEqualTo(LearningRateFinder.MIN_STEPS);
            // Adam on a small CNN trains between 1e-4 and 3e-2; the rule never leaves [1e-5, 0.1]
            assertThat(sweep.chosen()).isBetween(1e-4, 3e-2).isLessThanOrEqualTo(sweep.minimumRate());
            // a constant schedule: every epoch ran at the chosen rate
            assertThat(trained.history()).extracting(EpochMetrics::learningRate)
                    .allSatisfy(rate -> assertThat(rate).isCloseTo(sweep.chosen(), org.assertj.core.data.Offset
                            .offset(sweep.chosen() * 1e-6)));
            assertThat(trained.test().accuracy()).isGreaterThanOrEqualTo(0.7); // chance: 1/3
        }
    }

    @Test
    void theJobContinuesFromTheTestsStepsUpToTheChosenRate() throws Exception {
        // seed 8: a curve with a valley, the job continuing after its 10th step (at seeds 1 and 2 the reading comes
        // after half an epoch)
        TrainingSpec auto = new TrainingSpec("cnn", TestDatasets.SIZE, 2, 16, 0, 8);

        try (TrainedModel trained = new ImageClassifierTrainer().train(more, auto, e -> { })) {
            LearningRateSweep sweep = trained.learningRateSweep();
            System.out.printf("range test: %s, %d ms%n", sweep.rule(), sweep.durationMs());
            int batches = (more.train().count() + 15) / 16;
            assertThat(sweep.warmUpSteps()).isBetween(1, batches / 2); // never more than half the first epoch
            // the warm-up ends at the last step at a rate up to the chosen one: the next ran above it
            assertThat(sweep.rates().get(sweep.warmUpSteps() - 1)).isLessThanOrEqualTo(sweep.chosen());
            assertThat(sweep.rates().get(sweep.warmUpSteps())).isGreaterThan(sweep.chosen());
            assertThat(sweep.rule()).contains("the job continued from its first " + sweep.warmUpSteps() + " steps");
            // a small job: as many warm-up steps count as its first batches as keep the test within 5 % of its steps
            int budget = LearningRateFinder.budget(2, batches);
            assertThat(sweep.keptSteps()).isEqualTo(Math.min(sweep.warmUpSteps(), sweep.rates().size() - budget));
            assertThat(sweep.keptMs()).isPositive();
            assertThat(trained.trainingMs()).isGreaterThanOrEqualTo(sweep.keptMs());
            assertThat(trained.test().accuracy()).isGreaterThanOrEqualTo(0.7); // chance: 1/3
        }
    }

    @Test
    void aJobWhoseBudgetHoldsTheTestTrainsEveryBatch() throws Exception {
        int batches = (more.train().count() + 15) / 16;
        int epochs = (int) Math.ceil(LearningRateFinder.MIN_STEPS / (LearningRateFinder.SHARE * batches));
        TrainingSpec auto = new TrainingSpec("cnn", TestDatasets.SIZE, epochs, 16, 0, 8);
        assertThat(LearningRateFinder.budget(epochs, batches)).isGreaterThanOrEqualTo(LearningRateFinder.MIN_STEPS);

        try (TrainedModel trained = new ImageClassifierTrainer().train(more, auto, e -> { })) {
            LearningRateSweep sweep = trained.learningRateSweep();
            // the same test as the 2-epoch job's (same seed and images), now within its budget
            assertThat(sweep.warmUpSteps()).isPositive();
            assertThat(sweep.keptSteps()).isZero();
            assertThat(sweep.keptMs()).isZero();
            assertThat(sweep.rule()).contains("as a warm-up and trains every batch");
        }
    }

    @Test
    void aResumedJobTrainsAtTheRateItsFirstAttemptReadWithoutTestingAgain() throws Exception {
        TrainingSpec auto = new TrainingSpec("cnn", TestDatasets.SIZE, 3, 16, 0, 8);
        double uninterrupted;
        LearningRateSweep first;
        try (TrainedModel whole = new ImageClassifierTrainer().train(more, auto,
                Network.fromScratch(auto.architectureSpec(3)), new TrainingLoopTest.MemoryCheckpoints(), "run", e -> { })) {
            uninterrupted = whole.test().loss();
            first = whole.learningRateSweep();
        }
        TrainingLoopTest.MemoryCheckpoints checkpoints = new TrainingLoopTest.MemoryCheckpoints();
        assertThatThrownBy(() -> new ImageClassifierTrainer().train(more, auto,
                Network.fromScratch(auto.architectureSpec(3)), checkpoints, "run", e -> {
                    if (e.epoch() == 1) {
                        throw new IllegalStateException("worker killed");
                    }
                })).hasMessage("worker killed");
        LearningRateSweep kept = Checkpoint.decode(checkpoints.file).state().learningRateSweep();
        // the checkpoint carries the test as read, through its JSON (the same curve as the uninterrupted job's: its
        // durations are this run's)
        assertThat(kept.rates()).isEqualTo(first.rates());
        assertThat(kept.losses()).isEqualTo(first.losses());
        assertThat(kept.keptSteps()).isEqualTo(first.keptSteps()).isPositive();

        try (TrainedModel resumed = new ImageClassifierTrainer().train(more, auto,
                Network.fromScratch(auto.architectureSpec(3)), checkpoints, "run", e -> { })) {
            LearningRateSweep sweep = resumed.learningRateSweep();
            assertThat(resumed.resumedFromEpoch()).isEqualTo(1);
            assertThat(sweep.chosen()).isEqualTo(first.chosen());
            assertThat(sweep.rates()).isEqualTo(first.rates());
            assertThat(sweep.durationMs()).isZero(); // not run again: no cost in this attempt
            assertThat(sweep.keptMs()).isZero();
            assertThat(sweep.rule()).startsWith(kept.rule()).contains("reused on resuming");
            // the same rate, weights, moments and schedule: the model the uninterrupted job made
            assertThat(resumed.test().loss()).isCloseTo(uninterrupted, org.assertj.core.data.Offset.offset(1e-5));
            // a second resume reads the test as first read, not as reused
            assertThat(Checkpoint.decode(checkpoints.file).state().learningRateSweep()).isEqualTo(kept);
        }
    }

    @Test
    void stepsAreFivePercentOfTheJobWithinBounds() {
        assertThat(LearningRateFinder.steps(2, 79)).isEqualTo(LearningRateFinder.MIN_STEPS);
        assertThat(LearningRateFinder.steps(10, 100)).isEqualTo(50);
        assertThat(LearningRateFinder.steps(100, 1000)).isEqualTo(LearningRateFinder.MAX_STEPS);
    }

    @Test
    void everyEpochRecordsItsHighestBatchLossAndSpreadAndAHighRateThrowsItUp() throws Exception {
        double[] peaks = new double[2];
        double[] rates = {1e-4, 1e-2};
        for (int i = 0; i < rates.length; i++) {
            try (TrainedModel trained = new ImageClassifierTrainer().train(more,
                    new TrainingSpec("cnn", TestDatasets.SIZE, 1, 16, rates[i], 42), e -> { })) {
                EpochMetrics epoch = trained.history().get(0);
                System.out.printf("rate %s: %s%n", rates[i], epoch);
                assertThat(epoch.peakLoss()).isNotNull().isGreaterThan(epoch.trainLoss());
                // the batches' spread, read as the standard error of the epoch's mean (decision 116)
                assertThat(epoch.trainLossError()).isNotNull().isPositive()
                        .isLessThan(epoch.peakLoss() - epoch.trainLoss());
                peaks[i] = epoch.peakLoss();
            }
        }
        // the same first batch and start: only the steps after it differ
        assertThat(peaks[1]).isGreaterThan(peaks[0]);
    }

    @Test
    void aRateTooSmallToMoveAnythingIsDiagnosedTooLowWithAHigherRateSuggested() throws Exception {
        try (TrainedModel trained = new ImageClassifierTrainer().train(images,
                new TrainingSpec("cnn", TestDatasets.SIZE, 3, 8, 1e-8, 42), e -> { })) {
            trained.history().forEach(System.out::println);
            List<TrainingFinding> findings = CurveDiagnosis.diagnose(trained.history(),
                    new CurveDiagnosis.Context(3, 1e-8, false, false));
            System.out.println(findings);
            assertThat(findings).extracting(TrainingFinding::kind).containsExactly(CurveDiagnosis.TOO_LOW_RATE);
            assertThat(findings.get(0).suggestion()).contains("raise the learning rate");
        }
    }

    @Test
    void aRateOfHalfIsDiagnosedTooHighWithALowerRateSuggested() throws Exception {
        TrainingSpec high = new TrainingSpec("cnn", TestDatasets.SIZE, 3, 8, 0.5, 42);
        List<TrainingFinding> findings;
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, high, e -> { })) {
            trained.history().forEach(System.out::println);
            findings = CurveDiagnosis.diagnose(trained.history(), new CurveDiagnosis.Context(3, 0.5, false, false));
        } catch (TrainingFailure e) { // the loss became NaN: the failure says what to do
            assertThat(e.getMessage()).contains("lower the learning rate to 0.05");
            return;
        }
        System.out.println(findings);
        assertThat(findings).extracting(TrainingFinding::kind).containsAnyOf(CurveDiagnosis.TOO_HIGH_RATE,
                CurveDiagnosis.DIVERGING, CurveDiagnosis.NOISY);
        // ÷10, or ÷ the height of a batch thrown past 10 guesses, no lower than 1e-4 (decision 116)
        java.util.regex.Matcher lowered = java.util.regex.Pattern.compile("from 0\\.5 to ([0-9.]+) \\(÷(\\d+)\\)")
                .matcher(findings.get(0).suggestion());
        assertThat(lowered.find()).as(findings.get(0).suggestion()).isTrue();
        assertThat(Double.parseDouble(lowered.group(1))).isBetween(1e-4, 0.05);
    }
}
