package io.sightline.dataset.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.TestImages;
import io.sightline.dataset.split.SplitMode;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verification states training images per class and recommends transfer below the threshold (decision 102). */
class TrainingAdviceTest {

    @TempDir
    Path base;

    private static Map<String, VerificationReport.ClassCount> trainCounts(int... train) {
        Map<String, VerificationReport.ClassCount> classes = new LinkedHashMap<>();
        for (int i = 0; i < train.length; i++) {
            classes.put("class" + i, new VerificationReport.ClassCount(train[i] + 5, train[i], 5, 0, 0));
        }
        return classes;
    }

    @Test
    void belowTheThresholdTheAdviceIsTransferWithTheNumbers() {
        TrainingAdvice advice = TrainingAdvice.of(trainCounts(1000, 1000), 2000);

        assertThat(advice.recommendation()).isEqualTo(TrainingAdvice.TRANSFER);
        assertThat(advice.trainImagesPerClass()).isEqualTo(1000);
        assertThat(advice.transferBelow()).isEqualTo(2000);
        assertThat(advice.why()).startsWith("1000 training images per class (fewest: class0, 1000), fewer than 2000:")
                .contains("transfer from a pretrained base");
    }

    @Test
    void atTheThresholdFromScratchIsFineAndTheSmallestClassIsNamed() {
        TrainingAdvice advice = TrainingAdvice.of(trainCounts(2500, 1500, 2000), 2000);

        assertThat(advice.recommendation()).isEqualTo(TrainingAdvice.FROM_SCRATCH);
        assertThat(advice.trainImagesPerClass()).isEqualTo(2000);
        assertThat(advice.smallestClass()).isEqualTo("class1");
        assertThat(advice.smallestClassTrainImages()).isEqualTo(1500);
    }

    @Test
    void noTrainingImageGivesNoAdvice() {
        assertThat(TrainingAdvice.of(trainCounts(0, 0), 2000)).isNull();
        assertThat(TrainingAdvice.of(Map.of(), 2000)).isNull();
    }

    @Test
    void anImportedVersionCarriesTheAdviceInItsStoredVerification() throws Exception {
        Path root = Files.createDirectories(base.resolve("imports")).toRealPath();
        Path source = root.resolve("pets");
        TestImages.images(source, "cats", "c", 8);
        TestImages.images(source, "dogs", "d", 6);
        FileArtifactStore store = new FileArtifactStore(base.resolve("store"));
        DatasetSettings settings = new DatasetSettings(List.of(root), 0.25, 0, 42, SplitMode.STABLE,
                CorruptFilePolicy.REJECT);
        DatasetImporter importer = new DatasetImporter(store, settings, Clock.systemUTC());
        Staging staging = importer.ingest(new ImportValidator(settings).validate(
                new ImportRequest("pets", "file:" + source, null, null, null, null)), "1");
        VerificationReport report = importer.prepare(staging);
        importer.publish(staging, report);

        int train = report.classes().values().stream().mapToInt(VerificationReport.ClassCount::train).sum();
        assertThat(train).isBetween(7, 13); // a stable split of 14 by content: the pictures depend on the tests run before
        TrainingAdvice advice = report.trainingAdvice();
        assertThat(advice.trainImagesPerClass()).isEqualTo(train / 2);
        assertThat(advice.recommendation()).isEqualTo(TrainingAdvice.TRANSFER);
        assertThat(advice.transferBelow()).isEqualTo(TrainingAdvice.DEFAULT_TRANSFER_BELOW);
        JsonNode stored = StoreJson.mapper().readTree(store.read(StoreKeys.verification("pets", "1")));
        assertThat(stored.at("/trainingAdvice/recommendation").asText()).isEqualTo("transfer");
        assertThat(stored.at("/trainingAdvice/trainImagesPerClass").asInt()).isEqualTo(train / 2);

        // with a lower threshold the same numbers are enough to train from scratch
        DatasetSettings lenient = settings.toBuilder().setTransferBelow(3).build();
        DatasetImporter again = new DatasetImporter(store, lenient, Clock.systemUTC());
        Staging second = again.ingest(new ImportValidator(lenient).validate(
                new ImportRequest("pets", "file:" + source, null, null, null, null)), "2");
        assertThat(again.prepare(second).trainingAdvice().recommendation()).isEqualTo(TrainingAdvice.FROM_SCRATCH);
    }
}
