package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.TestDatasets;
import io.sightline.vision.ImageSignature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedule, plateau, early stopping, best weights, augmentation, cache budget, divergence, checkpoints. */
class TrainingLoopTest {

    @TempDir
    static Path storeDir;

    static ArtifactStore store;
    static DatasetManifest shapes;
    static TrainingImages images;

    @BeforeAll
    static void generateDataset() throws Exception {
        store = new FileArtifactStore(storeDir);
        shapes = TestDatasets.publish(store, "loop", "1", new TestDatasets.Split(12, 4, 6), 3);
        images = TrainingImages.load(store, shapes, TestDatasets.SIZE);
    }

    private static TrainingSpec spec(int epochs) {
        return new TrainingSpec("cnn", TestDatasets.SIZE, epochs, 8, 0.002, 11);
    }

    @Test
    void theScheduleWarmsUpThenDecaysAndThePlateauFactorScalesIt() {
        LearningRateSchedule cosine = new LearningRateSchedule(0.01, TrainingSpec.Schedule.COSINE, 10, 2, 3);
        assertThat(cosine.rate(0, 0, 4, 1)).isCloseTo(0.01 * 0.25 / 2, within(1e-12)); // a quarter epoch of two
        assertThat(cosine.rate(1, 3, 4, 1)).isCloseTo(0.01, within(1e-12)); // warm-up ends at the peak
        assertThat(cosine.rate(2, 0, 4, 1)).isCloseTo(0.01, within(1e-12)); // cosine starts at the peak
        assertThat(cosine.rate(9, 3, 4, 1)).isCloseTo(0.01 * LearningRateSchedule.COSINE_FLOOR, within(1e-6));
        assertThat(cosine.rate(6, 0, 4, 1)).isLessThan(cosine.rate(4, 0, 4, 1));
        assertThat(cosine.rate(6, 0, 4, 0.5)).isCloseTo(cosine.rate(6, 0, 4, 1) / 2, within(1e-12));

        LearningRateSchedule step = new LearningRateSchedule(0.01, TrainingSpec.Schedule.STEP, 9, 0, 3);
        assertThat(step.rate(2, 1, 2, 1)).isCloseTo(0.01, within(1e-12));
        assertThat(step.rate(3, 0, 2, 1)).isCloseTo(0.001, within(1e-12));
        assertThat(step.rate(6, 0, 2, 1)).isCloseTo(0.0001, within(1e-12));
        assertThat(new LearningRateSchedule(0.01, TrainingSpec.Schedule.CONSTANT, 5, 0, 1).rate(4, 1, 2, 1))
                .isEqualTo(0.01);
    }

    @Test
    void epochsReportTheirScheduledRateAndThroughput() throws Exception {
        TrainingSpec cosine = spec(3).with(TrainingSpec.Schedule.COSINE, 1, 0, 0, Set.of());
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, cosine, e -> { })) {
            List<EpochMetrics> h = trained.history();
            assertThat(h.get(0).learningRate()).isCloseTo(0.002, within(1e-9)); // end of warm-up
            assertThat(h.get(2).learningRate()).isCloseTo(0.002 * LearningRateSchedule.COSINE_FLOOR, within(1e-6));
            assertThat(h).allSatisfy(e -> assertThat(e.imagesPerSecond()).isPositive());
        }
    }

    @Test
    void flipMirrorsRowsAndCropShiftsWithZeroFill() {
        float[] image = new float[2 * 2 * 3]; // 2 channels, 2 rows, 3 columns
        for (int i = 0; i < image.length; i++) {
            image[i] = i + 1;
        }
        Random alwaysFlip = new Random() {
            @Override
            public boolean nextBoolean() {
                return true;
            }
        };
        Augmentation.apply(Set.of(Augmentation.FLIP), image, 0, 2, 2, 3, alwaysFlip, new float[12]);
        assertThat(image).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10);

        // a horizontal ramp (value = column) shifted: every row is the ramp moved by one dx of at most 2 px, the
        // uncovered columns repeat the edge (nearest fill), and no value appears that the picture did not have
        float[] ramp = new float[16 * 16];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % 16;
        }
        Augmentation.apply(Set.of(Augmentation.CROP), ramp, 0, 1, 16, 16, new Random(3), new float[256]);
        boolean matched = false;
        for (int shift = -2; shift <= 2 && !matched; shift++) {
            boolean all = true;
            for (int i = 0; i < ramp.length && all; i++) {
                all = ramp[i] == Math.max(0, Math.min(15, i % 16 - shift));
            }
            matched = all;
        }
        assertThat(matched).as("rows are the ramp shifted by one dx in [-2, 2], edges repeated").isTrue();
    }

    @Test
    void withAugmentationTheRunStillLearnsAndStaysReproducible() throws Exception {
        TrainingSpec augmented = spec(3).with(TrainingSpec.Schedule.CONSTANT, 0, 0, 0,
                Set.of(Augmentation.FLIP, Augmentation.CROP));
        double first;
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, augmented, e -> { })) {
            first = trained.test().loss();
            assertThat(trained.test().accuracy()).isGreaterThan(0.5);
        }
        try (TrainedModel again = new ImageClassifierTrainer().train(images, augmented, e -> { })) {
            assertThat(again.test().loss()).isEqualTo(first);
        }
    }

    @Test
    void overTheCacheBudgetImagesAreDecodedPerBatchWithTheSameResult() throws Exception {
        TrainingImages uncached = TrainingImages.load(store, shapes, ImageSignature.rgb(TestDatasets.SIZE,
                shapes.classes()), 1024);
        assertThat(uncached.cached()).isFalse();
        assertThat(uncached.train().pixels()).isNull();
        assertThat(uncached.tensorBytes()).isEqualTo(4L * 3 * 16 * 16 * shapes.entries().size());
        try (TrainedModel cached = new ImageClassifierTrainer().train(images, spec(2), e -> { });
             TrainedModel streamed = new ImageClassifierTrainer().train(uncached, spec(2), e -> { })) {
            assertThat(streamed.test().loss()).isEqualTo(cached.test().loss());
            assertThat(streamed.history().get(1).trainLoss()).isEqualTo(cached.history().get(1).trainLoss());
        }
    }

    @Test
    void theBestEpochsWeightsAreTheOnesKept() throws Exception {
        // the validation images also stand as the test split here, so the restored model's test loss is exactly
        // the best epoch's validation loss
        TrainingImages validationTwice = new TrainingImages(images.manifest(), images.signature(), images.train(),
                images.validation(), images.validation(), 0);
        TrainingSpec highRate = new TrainingSpec("cnn", TestDatasets.SIZE, 5, 8, 0.05, 2);
        try (TrainedModel trained = new ImageClassifierTrainer().train(validationTwice, highRate, e -> { })) {
            // the most accurate epoch on validation, the lower loss breaking ties
            EpochMetrics best = trained.history().stream()
                    .max(java.util.Comparator.comparingDouble(EpochMetrics::validationAccuracy)
                            .thenComparing(EpochMetrics::validationLoss, java.util.Comparator.reverseOrder()))
                    .orElseThrow();
            assertThat(trained.bestEpoch()).isEqualTo(best.epoch());
            assertThat(trained.test().loss()).isCloseTo(best.validationLoss(), within(1e-6));
        }
    }

    @Test
    void earlyStoppingEndsAfterPatienceEpochsWithoutImprovement() throws Exception {
        TrainingSpec patient = new TrainingSpec("cnn", TestDatasets.SIZE, 12, 8, 0.05, 2)
                .with(TrainingSpec.Schedule.CONSTANT, 0, 0, 1, Set.of());
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, patient, e -> { })) {
            assertThat(trained.stoppedEarly()).isTrue();
            assertThat(trained.history()).hasSize(trained.bestEpoch() + 1).hasSizeLessThan(12);
        }
    }

    @Test
    void aDivergingLossFailsTheRunWithAClearReason() throws Exception {
        float[] poisoned = images.train().pixels().clone();
        poisoned[5] = Float.NaN;
        SplitImages train = new SplitImages("train", images.train().count(), images.train().inputSize(), poisoned,
                images.train().labels());
        TrainingImages bad = new TrainingImages(images.manifest(), images.signature(), train, images.validation(),
                images.test(), 0);

        assertThatThrownBy(() -> new ImageClassifierTrainer().train(bad, spec(1), e -> { }))
                .isInstanceOf(TrainingFailure.class)
                .hasMessageContaining("training diverged: the loss became NaN in epoch 1")
                .hasMessageContaining("lower the learning rate");
    }

    /** Checkpoints kept in memory, as the store would keep them. */
    static final class MemoryCheckpoints implements Checkpoints {
        byte[] file;

        @Override
        public Optional<Checkpoint> latest() throws IOException {
            return file == null ? Optional.empty() : Optional.of(Checkpoint.decode(file));
        }

        @Override
        public void save(Checkpoint checkpoint) throws IOException {
            file = checkpoint.encode();
        }
    }

    @Test
    void aRunInterruptedAfterAnEpochResumesFromItsCheckpointToTheSameModel() throws Exception {
        TrainingSpec run = spec(4).with(TrainingSpec.Schedule.COSINE, 1, 0, 0, Set.of(Augmentation.FLIP));
        Network network = Network.fromScratch(run.architectureSpec(3));
        double uninterrupted;
        try (TrainedModel whole = new ImageClassifierTrainer().train(images, run, network, new MemoryCheckpoints(),
                "run", e -> { })) {
            uninterrupted = whole.test().loss();
        }
        MemoryCheckpoints checkpoints = new MemoryCheckpoints();
        assertThatThrownBy(() -> new ImageClassifierTrainer().train(images, run,
                Network.fromScratch(run.architectureSpec(3)), checkpoints, "run", e -> {
                    if (e.epoch() == 2) {
                        throw new IllegalStateException("worker killed");
                    }
                })).hasMessage("worker killed");
        assertThat(Checkpoint.decode(checkpoints.file).state().epochsDone()).isEqualTo(2);

        List<Integer> heard = new ArrayList<>();
        try (TrainedModel resumed = new ImageClassifierTrainer().train(images, run,
                Network.fromScratch(run.architectureSpec(3)), checkpoints, "run", e -> heard.add(e.epoch()))) {
            assertThat(resumed.resumedFromEpoch()).isEqualTo(2);
            assertThat(heard).containsExactly(3, 4);
            assertThat(resumed.history()).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3, 4);
            // weights, optimiser moments, schedule position, dropout and batch order all carried over
            assertThat(resumed.test().loss()).isCloseTo(uninterrupted, within(1e-5));
        }
    }

    @Test
    void aCorruptCheckpointMeansStartingOverWithAWarning() throws Exception {
        MemoryCheckpoints checkpoints = new MemoryCheckpoints();
        try (TrainedModel first = new ImageClassifierTrainer().train(images, spec(1),
                Network.fromScratch(spec(1).architectureSpec(3)), checkpoints, "run", e -> { })) {
            assertThat(first.warnings()).isEmpty();
        }
        checkpoints.file[checkpoints.file.length / 2] ^= 0x55; // a flipped byte mid-file
        assertThatThrownBy(() -> Checkpoint.decode(checkpoints.file)).hasMessageContaining("digest does not match");

        try (TrainedModel again = new ImageClassifierTrainer().train(images, spec(2),
                Network.fromScratch(spec(2).architectureSpec(3)), checkpoints, "run", e -> { })) {
            assertThat(again.resumedFromEpoch()).isZero();
            assertThat(again.history()).hasSize(2);
            assertThat(again.warnings()).singleElement().asString()
                    .contains("checkpoint could not be used").contains("training from scratch");
        }
    }
}
