package io.sightline.trainer.jobs.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.events.TrainingStarted;
import io.sightline.kit.rest.Pages;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.training.EpochMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job history on a real file store: pages over the table and the summaries, filters, a table bounded in memory
 * whose forgotten jobs answer from the store, and a new instance on the same store listing them without the topics.
 */
class JobHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final TrainingParameters PARAMETERS = TrainingParameters.builder().setArchitecture("cnn")
            .setEpochs(2).setBatchSize(8).setLearningRate(0.001).setImageSize(16).setSeed(1).build();

    @TempDir
    Path storeDir;

    ArtifactStore store;
    JobBoard board;
    JobSummaries summaries;
    JobSummaryWriter writer;
    JobHistory history;

    @BeforeEach
    void instance() throws Exception {
        store = new FileArtifactStore(storeDir);
        startInstance(2);
    }

    @AfterEach
    void stop() {
        writer.close();
    }

    /** What TrainerBeans builds at start, on the same store. */
    private void startInstance(int keepInMemory) throws Exception {
        summaries = new JobSummaries(store);
        summaries.rebuildIndex();
        board = new JobBoard();
        board.setArchive(summaries);
        writer = new JobSummaryWriter(board, summaries, keepInMemory).start();
        history = new JobHistory(board, summaries);
    }

    private TrainingRequested request(int n, String model, String dataset) {
        return new TrainingRequested("job-" + n, model, dataset, "1", PARAMETERS, "api", T0.plusSeconds(n));
    }

    /** A job queued, run by this instance (epoch phases known), completed and judged by the promotion gate. */
    private void runToEnd(int n, String model, String dataset) {
        TrainingRequested request = request(n, model, dataset);
        board.queued(request);
        board.started(new TrainingStarted(request.jobId(), model, dataset, "1", PARAMETERS, "w1",
                T0.plusSeconds(n).plusMillis(100)), "api");
        board.epoch(request.jobId(), model, new EpochMetrics(1, 2, 0.9, 0.5, 0.8, 0.6, 0.001, 50, 100.0, "train"));
        board.epoch(request.jobId(), model, new EpochMetrics(2, 2, 0.5, 0.8, 0.4, 0.85, 0.001, 50, 100.0, "train"));
        board.completed(new TrainingCompleted(request.jobId(), model, Integer.toString(n), dataset, "1", 0.9, 0.3,
                StoreKeys.modelVersion(model, Integer.toString(n)), 1000, T0.plusSeconds(n).plusMillis(500)));
        board.promotion(request.jobId(), model, new PromotionDecision(false, "kept as a candidate"));
    }

    private void awaitWritten() {
        await().atMost(Duration.ofSeconds(10)).until(writer::isIdle);
    }

    private List<String> allPages(JobFilter filter, int limit, Runnable betweenPages) {
        List<String> ids = new ArrayList<>();
        Pages.Page<TrainingJob> page = history.page(filter, Pages.Request.of(limit, null));
        while (true) {
            page.items().forEach(j -> ids.add(j.jobId()));
            if (page.next() == null) {
                return ids;
            }
            betweenPages.run();
            page = history.page(filter, Pages.Request.of(limit, page.next()));
        }
    }

    @Test
    void pagesAreCompleteAndStableWhileJobsAreAdded() {
        for (int n = 1; n <= 7; n++) {
            runToEnd(n, "m", "d");
        }
        awaitWritten();
        // 5 of the 7 are now only in the store: the pages join both
        assertThat(board.list()).hasSize(2);
        int[] next = {100};
        List<String> ids = allPages(JobFilter.ALL, 3, () -> board.queued(request(next[0]++, "m", "d")));

        assertThat(ids).containsExactly("job-7", "job-6", "job-5", "job-4", "job-3", "job-2", "job-1");
        assertThat(history.page(JobFilter.ALL, Pages.Request.of(3, null)).items()).extracting(TrainingJob::jobId)
                .containsExactly("job-101", "job-100", "job-7"); // two added between the three pages
    }

    @Test
    void filtersByStatusModelAndDatasetOverMemoryAndStore() {
        runToEnd(1, "cats", "pets");
        runToEnd(2, "dogs", "pets");
        runToEnd(3, "cats", "shapes");
        board.queued(request(4, "cats", "pets"));
        board.failed("job-5", "cats", "dataset pets version 9 is not in the store", T0.plusSeconds(5));
        board.queued(request(6, "cats", "pets")); // after its failure: stays failed
        awaitWritten();

        assertThat(allPages(JobFilter.of("completed", "cats", null), 1, () -> { })).containsExactly("job-3", "job-1");
        assertThat(allPages(JobFilter.of(null, "cats", "pets"), 2, () -> { }))
                .containsExactly("job-6", "job-4", "job-1");
        assertThat(allPages(JobFilter.of("QUEUED,FAILED", null, null), 10, () -> { }))
                .containsExactlyInAnyOrder("job-6", "job-4", "job-5");
        assertThatThrownBy(() -> JobFilter.of("DONE", null, null)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("QUEUED").hasMessageContaining("COMPLETED").hasMessageContaining("got: DONE");
        assertThatThrownBy(() -> JobFilter.of(null, "../x", "a b")).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("model must be").hasMessageContaining("dataset must be");
    }

    @Test
    void theTableKeepsOnlyTheNewestFinishedJobsAndAForgottenOneAnswersFromTheStore() throws Exception {
        board.queued(request(0, "m", "d")); // queued first, still queued at the end: never dropped
        for (int n = 1; n <= 5; n++) {
            runToEnd(n, "m", "d");
        }
        awaitWritten();

        assertThat(board.list()).extracting(TrainingJob::jobId).containsExactly("job-5", "job-4", "job-0");
        assertThat(store.exists("jobs/summaries/job-1.json")).isTrue();
        TrainingJob forgotten = board.find("job-1").orElseThrow();
        assertThat(forgotten.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(forgotten.epochs()).extracting(EpochMetrics::phase).containsExactly("train", "train");
        assertThat(forgotten.promotion()).isEqualTo("kept as a candidate");
        assertThat(forgotten.worker()).isEqualTo("w1");

        // the topics replayed after a restart: news of a forgotten job changes nothing and brings no ghost back
        board.queued(request(1, "m", "d"));
        board.started(new TrainingStarted("job-1", "m", "d", "1", PARAMETERS, "w1", T0.plusSeconds(1)), "api");
        assertThat(board.list()).extracting(TrainingJob::jobId).doesNotContain("job-1");
        assertThat(board.find("job-1").orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aNewInstanceOnTheSameStoreListsOldJobsWithoutTheTopics() throws Exception {
        for (int n = 1; n <= 3; n++) {
            runToEnd(n, "m", "d");
        }
        board.queued(request(9, "m", "d"));
        board.failed("job-9", "m", "could not be queued", T0.plusSeconds(9));
        awaitWritten();
        writer.close();

        startInstance(1000); // nothing replayed: the topics' retention has passed
        assertThat(board.list()).isEmpty();
        List<TrainingJob> listed = history.page(JobFilter.ALL, Pages.Request.of(10, null)).items();
        assertThat(listed).extracting(TrainingJob::jobId).containsExactly("job-9", "job-3", "job-2", "job-1");
        assertThat(listed.get(0).reason()).isEqualTo("could not be queued");
        assertThat(board.find("job-2").orElseThrow().epochs()).hasSize(2);
        assertThat(history.page(JobFilter.of("FAILED", null, null), Pages.Request.of(10, null)).items())
                .extracting(TrainingJob::jobId).containsExactly("job-9");
    }

    @Test
    void everyReplicaMayWriteASummaryAndItOnlyGains() throws Exception {
        // another replica heard the end first, from the topics: no phases, no decision on the candidate
        TrainingJob fromTopics = new TrainingJob("job-1", "m", "d", "1", PARAMETERS, "api", JobStatus.COMPLETED,
                "w1", T0, T0, T0.plusSeconds(2), List.of(new EpochMetrics(1, 1, 0.5, 0.8, 0.4, 0.85, 0.001, 50,
                100.0, null)), "1", 0.9, 0.3, null, null, null);
        store.write("jobs/summaries/job-1.json", StoreJson.write(fromTopics));
        TrainingJob fromRunner = new TrainingJob("job-1", "m", "d", "1", PARAMETERS, "api", JobStatus.COMPLETED,
                "w1", T0, T0, T0.plusSeconds(2), List.of(new EpochMetrics(1, 1, 0.5, 0.8, 0.4, 0.85, 0.001, 50,
                100.0, "train")), "1", 0.9, 0.3, false, "kept as a candidate", null);

        TrainingJob merged = SummaryMerge.merge(fromTopics, SummaryMerge.merge(fromRunner, fromTopics));
        assertThat(merged.promotion()).isEqualTo("kept as a candidate");
        assertThat(merged.epochs().get(0).phase()).isEqualTo("train");
        // a failure heard late never replaces the completion in the store
        TrainingJob failedLate = new TrainingJob("job-1", "m", "d", "1", PARAMETERS, "api", JobStatus.FAILED, null,
                T0, null, T0.plusSeconds(3), List.of(), null, null, null, null, null, "lost its lease");
        assertThat(SummaryMerge.merge(failedLate, merged)).isEqualTo(merged);
        assertThat(Set.of(SummaryMerge.merge(merged, merged))).containsExactly(merged);
    }
}
