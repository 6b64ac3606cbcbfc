package io.sightline.trainer.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleDataTest {

    @TempDir
    Path root;

    @Test
    void listsTheNewestReadyVersionOfEachDatasetWithItsVerification() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(4, 0, 2), 1);
        TestDatasets.publish(store, "shapes", "2", new TestDatasets.Split(5, 1, 2), 2);
        store.write(StoreKeys.verification("shapes", "2"),
                "{\"passed\":true,\"blobsChecked\":24}".getBytes(StandardCharsets.UTF_8));

        List<DatasetOverview> datasets = new DatasetOverviews(new PublishedDatasets(store)).list();

        assertThat(datasets).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("shapes");
            assertThat(d.version()).isEqualTo("2");
            assertThat(d.train() + d.test() + d.validation()).isEqualTo(d.images());
            assertThat(d.test()).isPositive();
            assertThat(d.classes()).isEqualTo(TestDatasets.CLASSES.size());
            assertThat(d.verification().path("blobsChecked").asInt()).isEqualTo(24);
        });
    }

    @Test
    void showsEachVersionsLayoutAndHowManyClassesHaveNames() throws Exception {
        ArtifactStore store = new FileArtifactStore(root);
        TestDatasets.publish(store, "plain", "1", new TestDatasets.Split(2, 0, 1), 1);
        // a names file may name classes the version does not have: only its own classes count
        TestDatasets.publish(store, "signs", "1", new TestDatasets.Split(2, 0, 1), 1,
                Map.of("disc", "Round", "vertical", "Upright", "gone", "Not in this version"));
        // a version written before layouts were recorded
        store.write(StoreKeys.manifest("old", "1"), ("{\"dataset\":\"old\",\"version\":\"1\",\"digest\":\"d\","
                + "\"source\":\"s\",\"testRatio\":0.2,\"validationRatio\":0,\"seed\":1,\"classes\":[\"a\",\"b\"],"
                + "\"entries\":[],\"createdAt\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));

        Map<String, DatasetOverview> byName = new DatasetOverviews(new PublishedDatasets(store)).list().stream()
                .collect(Collectors.toMap(DatasetOverview::name, d -> d));

        assertThat(byName.get("signs").layout()).isEqualTo(DatasetManifest.CLASS_FOLDERS);
        assertThat(byName.get("signs").namedClasses()).isEqualTo(2);
        assertThat(byName.get("plain").namedClasses()).isZero();
        assertThat(byName.get("old").layout()).isEqualTo(DatasetManifest.CLASS_FOLDERS);
        assertThat(byName.get("old").namedClasses()).isZero();
    }

    @Test
    void anEmptyStoreListsNothing() throws Exception {
        assertThat(new DatasetOverviews(new PublishedDatasets(new FileArtifactStore(root))).list()).isEmpty();
    }

    @Test
    void listenersHearEveryChangeUntilTheyLeave() {
        JobBoard board = new JobBoard();
        List<JobBoard.JobChange> heard = new ArrayList<>();
        Consumer<JobBoard.JobChange> listener = heard::add;
        board.subscribe(listener);

        board.queued(new TrainingRequested("job-1", "m", "d", "1",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(2).setBatchSize(8).setLearningRate(1e-3)
                        .setImageSize(16).setSeed(1).build(), "api", Instant.now()));
        board.failed("job-1", "m", "no test images", Instant.now());
        board.unsubscribe(listener);
        board.failed("job-1", "m", "again", Instant.now());

        assertThat(heard).extracting(JobBoard.JobChange::kind).containsExactly("queued", "failed");
        assertThat(heard.get(1).status()).isEqualTo(JobStatus.FAILED);
        assertThat(heard).allMatch(c -> c.jobId().equals("job-1") && c.model().equals("m"));
    }
}
