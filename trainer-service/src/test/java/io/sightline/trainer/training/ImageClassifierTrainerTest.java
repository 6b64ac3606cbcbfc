package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.TestDatasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageClassifierTrainerTest {

    @TempDir
    static Path storeDir;

    static ArtifactStore store;
    static DatasetManifest shapes;
    static TrainingImages images;
    static TrainingImages many;

    @BeforeAll
    static void generateDataset() throws Exception {
        store = new FileArtifactStore(storeDir);
        shapes = TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(16, 4, 6), 1);
        images = TrainingImages.load(store, shapes, TestDatasets.SIZE);
    }

    private static TrainingSpec spec(int epochs, long seed) {
        return new TrainingSpec("cnn", TestDatasets.SIZE, epochs, 8, 0.002, seed);
    }

    @Test
    void decodesEverySplitOnceIntoLabelledArrays() {
        assertThat(images.train().count()).isEqualTo(48);
        assertThat(images.validation().count()).isEqualTo(12);
        assertThat(images.test().count()).isEqualTo(18);
        assertThat(images.train().inputSize()).isEqualTo(3 * 16 * 16);
        assertThat(images.test().countsPerClass(3)).containsExactly(6, 6, 6);
        assertThat(images.signature().classes()).isEqualTo(TestDatasets.CLASSES);
        // normalised to [-1, 1]: a dark background and bright shapes both occur
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : images.train().pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isLessThan(-0.5f);
        assertThat(max).isGreaterThan(0.5f);
    }

    @Test
    void learnsTheShapesWellAboveChance() throws Exception {
        List<EpochMetrics> heard = new ArrayList<>();
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, spec(3, 42), heard::add)) {
            assertThat(trained.history()).hasSize(3).isEqualTo(heard);
            assertThat(heard).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
            assertThat(trained.heldOutSplit()).isEqualTo(DatasetManifest.VALIDATION);
            Evaluation test = trained.test();
            assertThat(test.count()).isEqualTo(18);
            // chance is 1/3
            assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.8);
            assertThat(trained.history().get(2).validationAccuracy()).isGreaterThanOrEqualTo(0.7);
            assertThat(trained.history().get(2).trainLoss()).isLessThan(trained.history().get(0).trainLoss());
            assertThat(Arrays.stream(test.confusionMatrix()).flatMapToInt(Arrays::stream).sum()).isEqualTo(18);
            assertThat(test.classes()).extracting(ClassMetrics::support).containsExactly(6, 6, 6);
            assertThat(trained.imagesPerSecond()).isPositive();
            System.out.printf("tiny cnn: %.0f images/s, %d ms for 3 epochs of %d images, test accuracy %.3f%n",
                    trained.imagesPerSecond(), trained.trainingMs(), images.train().count(), test.accuracy());
        }
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnother() throws Exception {
        ImageClassifierTrainer trainer = new ImageClassifierTrainer();
        List<EpochMetrics> first;
        Evaluation firstTest;
        try (TrainedModel trained = trainer.train(images, spec(2, 7), e -> { })) {
            first = trained.history();
            firstTest = trained.test();
        }
        try (TrainedModel again = trainer.train(images, spec(2, 7), e -> { })) {
            assertThat(withoutDurations(again.history())).isEqualTo(withoutDurations(first));
            assertThat(again.test().loss()).isEqualTo(firstTest.loss());
            assertThat(again.test().confusionMatrix()).isDeepEqualTo(firstTest.confusionMatrix());
        }
        try (TrainedModel other = trainer.train(images, spec(2, 8), e -> { })) {
            assertThat(other.history().get(0).trainLoss()).isNotEqualTo(first.get(0).trainLoss());
        }
    }

    /** The test split, read image by image, counting every image read. */
    private static SplitImages countingTest(SplitImages test, AtomicInteger reads) {
        return new SplitImages(DatasetManifest.TEST, test.count(), test.inputSize(), null, test.labels(), i -> {
            reads.incrementAndGet();
            float[] image = new float[test.inputSize()];
            test.copy(i, image, 0);
            return image;
        });
    }

    private static SplitImages noValidation() {
        return new SplitImages(DatasetManifest.VALIDATION, 0, images.train().inputSize(), new float[0], new int[0]);
    }

    /** 80 training images per class and no validation split: enough for a slice of 60 at a share of 0.25. */
    private static synchronized TrainingImages withoutValidation() throws Exception {
        if (many == null) {
            DatasetManifest manifest = TestDatasets.publish(store, "many", "1", new TestDatasets.Split(80, 0, 6), 2);
            many = TrainingImages.load(store, manifest, TestDatasets.SIZE);
        }
        return many;
    }

    @Test
    void withoutAValidationSplitASeededSliceOfTrainChoosesAndTheTestSplitIsReadOnceAtTheEnd() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        TrainingImages loaded = withoutValidation();
        TrainingImages withoutValidation = new TrainingImages(loaded.manifest(), loaded.signature(), loaded.train(),
                loaded.validation(), countingTest(loaded.test(), reads), 0);
        TrainingSpec spec = spec(3, 1).with(TrainingSpec.Schedule.CONSTANT, 0, 1, 2, java.util.Set.of())
                .withValidationShare(0.25);
        try (TrainedModel trained = new ImageClassifierTrainer().train(withoutValidation, spec, e -> { })) {
            // plateau, early stopping and the best epoch all looked at the slice; the test split once, to report
            assertThat(reads.get()).isEqualTo(loaded.test().count());
            assertThat(trained.heldOutSplit()).isEqualTo(DatasetManifest.VALIDATION);
            assertThat(trained.validation().source()).isEqualTo(ValidationSlice.SLICE);
            assertThat(trained.validation().images()).isEqualTo(60); // a quarter of 80 per class, 3 classes
            assertThat(trained.validation().note()).contains("25%", "60 of 240");
            assertThat(trained.history()).allSatisfy(e -> assertThat(e.validationAccuracy()).isNotNull());
        }
    }

    @Test
    void theSliceIsStratifiedAndTheSameForTheSameSeed() throws Exception {
        TrainingImages withoutValidation = withoutValidation();
        var first = ValidationSlice.carve(withoutValidation, 0.25, 5).images();
        var again = ValidationSlice.carve(withoutValidation, 0.25, 5).images();
        var other = ValidationSlice.carve(withoutValidation, 0.25, 6).images();
        assertThat(first.validation().countsPerClass(3)).containsExactly(20, 20, 20);
        assertThat(first.train().countsPerClass(3)).containsExactly(60, 60, 60);
        assertThat(first.validation().rows()).isEqualTo(again.validation().rows());
        assertThat(first.validation().rows()).isNotEqualTo(other.validation().rows());
        // no image on both sides
        assertThat(Arrays.stream(first.train().rows()).boxed().toList())
                .doesNotContainAnyElementsOf(Arrays.stream(first.validation().rows()).boxed().toList());
    }

    @Test
    void aTrainingSplitTooSmallForASliceTrainsEveryEpochKeepsTheLastAndSaysSo() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        int[] fewRows = {0, 1, 16, 17, 32, 33}; // two images of each class
        SplitImages few = images.train().subset(DatasetManifest.TRAIN, fewRows);
        assertThat(few.countsPerClass(3)).containsExactly(2, 2, 2);
        TrainingImages tiny = new TrainingImages(images.manifest(), images.signature(), few, noValidation(),
                countingTest(images.test(), reads), 0);
        TrainingSpec spec = spec(3, 1).with(TrainingSpec.Schedule.CONSTANT, 0, 1, 1, java.util.Set.of());
        try (TrainedModel trained = new ImageClassifierTrainer().train(tiny, spec, e -> { })) {
            assertThat(trained.validation().source()).isEqualTo(ValidationSlice.NONE);
            assertThat(trained.validation().note()).contains("too small", "the last is kept");
            assertThat(trained.heldOutSplit()).isNull();
            assertThat(trained.history()).hasSize(3); // early stopping had nothing to stop on
            assertThat(trained.history()).allSatisfy(e -> assertThat(e.validationAccuracy()).isNull());
            assertThat(trained.bestEpoch()).isEqualTo(3);
            assertThat(reads.get()).isEqualTo(images.test().count());
        }
    }

    @Test
    void aTimeBudgetPlansTheEpochsAndSaysHowItWasSpent() throws Exception {
        TrainingSpec spec = new TrainingSpec("cnn", TestDatasets.SIZE, 1000, 8, 0.002, 3)
                .with(TrainingSpec.Schedule.COSINE, 0, 0, 0, java.util.Set.of()).withTimeBudget(8, 0);
        List<EpochMetrics> heard = new ArrayList<>();
        try (TrainedModel trained = new ImageClassifierTrainer().train(images, spec, heard::add)) {
            TimeBudget budget = trained.budget();
            assertThat(budget).isNotNull();
            assertThat(budget.requestedEpochs()).isEqualTo(1000);
            assertThat(budget.plannedEpochs()).isBetween(1, 999).isEqualTo(trained.history().size());
            // every epoch announces the plan as it stood; the last one the final plan
            assertThat(heard.get(heard.size() - 1).epochs()).isEqualTo(budget.plannedEpochs());
            assertThat(budget.reservedMs()).isGreaterThanOrEqualTo(2000);
            assertThat(budget.describe()).contains("time budget 8 s", "of up to 1000 epochs were planned");
            // the cosine schedule was stretched over the plan, not over 1000 epochs: it ended well below the peak
            assertThat(heard.get(heard.size() - 1).learningRate()).isLessThan(0.002 * 0.5);
        }
    }

    @Test
    void aDatasetWithoutTestImagesCannotTrain() throws Exception {
        List<DatasetManifest.Entry> trainOnly = shapes.entries().stream()
                .filter(e -> !e.split().equals(DatasetManifest.TEST)).toList();
        DatasetManifest manifest = TestDatasets.publish(store, "no-test", "1", shapes.classes(), trainOnly);

        assertThatThrownBy(() -> TrainingImages.load(store, manifest, 16))
                .isInstanceOf(TrainingFailure.class)
                .hasMessageContaining("dataset no-test version 1 has no test images");
    }

    @Test
    void anUnreadableImageNamesItselfAndWhatToDo() throws Exception {
        List<DatasetManifest.Entry> entries = new ArrayList<>(shapes.entries());
        DatasetManifest.Entry broken = entries.get(3);
        String notAnImage = store.putBlob(new java.io.ByteArrayInputStream("not a png".getBytes())).sha256();
        entries.set(3, new DatasetManifest.Entry(broken.path(), broken.className(), notAnImage, 9, 16, 16,
                broken.split(), broken.group()));
        DatasetManifest manifest = TestDatasets.publish(store, "broken", "1", shapes.classes(), entries);

        assertThatThrownBy(() -> TrainingImages.load(store, manifest, 16))
                .isInstanceOf(TrainingFailure.class)
                .hasMessageContaining(broken.path())
                .hasMessageContaining("not a readable image")
                .hasMessageContaining("import the dataset again");
    }

    @Test
    void aMissingBlobNamesTheImage() throws Exception {
        List<DatasetManifest.Entry> entries = new ArrayList<>(shapes.entries());
        DatasetManifest.Entry lost = entries.get(0);
        entries.set(0, new DatasetManifest.Entry(lost.path(), lost.className(), "ab".repeat(32), 1, 16, 16,
                lost.split(), lost.group()));
        DatasetManifest manifest = TestDatasets.publish(store, "lost", "1", shapes.classes(), entries);

        assertThatThrownBy(() -> TrainingImages.load(store, manifest, 16))
                .isInstanceOf(TrainingFailure.class)
                .hasMessageContaining(lost.path())
                .hasMessageContaining("cannot be read from the store");
    }

    @Test
    void oneClassIsNotAClassifier() throws Exception {
        List<DatasetManifest.Entry> discs = shapes.entries().stream().filter(e -> e.className().equals("disc")).toList();
        DatasetManifest manifest = TestDatasets.publish(store, "discs", "1", List.of("disc"), discs);

        assertThatThrownBy(() -> TrainingImages.load(store, manifest, 16))
                .isInstanceOf(TrainingFailure.class)
                .hasMessageContaining("at least 2 class");
    }

    private static List<EpochMetrics> withoutDurations(List<EpochMetrics> history) {
        return history.stream().map(e -> new EpochMetrics(e.epoch(), e.epochs(), e.trainLoss(), e.trainAccuracy(),
                e.validationLoss(), e.validationAccuracy(), e.learningRate(), 0, null, e.phase())).toList();
    }
}
