package io.sightline.trainer.jobs.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingCompleted;
import io.sightline.events.TrainingFinding;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.diagnosis.CurveDiagnosis;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.training.EpochMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job table hears each change twice and in any order (its own worker, then the topics). */
class JobBoardTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final TrainingParameters PARAMETERS = TrainingParameters.builder().setArchitecture("cnn")
            .setEpochs(2).setBatchSize(8).setLearningRate(0.001).setImageSize(16).setSeed(1).build();

    private final JobBoard board = new JobBoard();
    private final List<String> heard = new ArrayList<>();

    JobBoardTest() {
        board.subscribe(change -> heard.add(change.kind() + ":" + change.status()));
    }

    private static TrainingStarted started(Instant at) {
        return new TrainingStarted("j", "m", "d", "1", PARAMETERS, "w", at);
    }

    private static TrainingCompleted completed(Instant at) {
        return new TrainingCompleted("j", "m", "4", "d", "1", 0.9, 0.3, StoreKeys.modelVersion("m", "4"), 1000, at);
    }

    private static EpochMetrics epoch(int n, String phase) {
        return new EpochMetrics(n, 2, 0.5, 0.8, 0.4, 0.85, 0.001, 100, 300.0, phase);
    }

    @Test
    void everyUpdateHeardTwiceChangesTheTableOnceAndTellsListenersOnce() {
        board.started(started(T0), "api");
        board.epoch("j", "m", epoch(1, EpochMetrics.TRAIN));
        board.completed(completed(T0.plusSeconds(5)));
        // the same three again, from the topic (which does not carry the epoch's phase)
        board.started(started(T0), null);
        board.epoch("j", "m", epoch(1, null));
        board.completed(completed(T0.plusSeconds(5)));

        assertThat(heard).containsExactly("started:RUNNING", "epoch:RUNNING", "completed:COMPLETED");
        TrainingJob job = board.find("j").orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.epochs()).singleElement().satisfies(e -> assertThat(e.phase()).isEqualTo(EpochMetrics.TRAIN));
        assertThat(job.trigger()).isEqualTo("api");
    }

    @Test
    void aRunningJobsViewReadsABatchSpikeOnceItKnowsTheClasses() {
        board.started(started(T0), "api");
        EpochMetrics thrown = new EpochMetrics(1, 4, 1.9056, 0.5316, null, 0.744, 0.0086, 100, 300.0,
                EpochMetrics.TRAIN, 21.69);
        board.epoch("j", "m", thrown); // from a replica that does not know the dataset: no chance level, no finding
        assertThat(board.find("j").orElseThrow().findings()).isEmpty();

        board.epoch("j", "m", thrown, 10); // as the worker, or the epoch event, tells it

        assertThat(board.find("j").orElseThrow().findings()).extracting(TrainingFinding::kind)
                .containsExactly(CurveDiagnosis.TOO_HIGH_RATE);
    }

    @Test
    void aStartReadAfterTheEndDoesNotReopenTheJobButALaterRunDoes() {
        board.completed(completed(T0.plusSeconds(5)));
        board.started(started(T0), null); // the same run's start, read late

        assertThat(board.find("j").orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);

        board.started(started(T0.plusSeconds(60)), null); // a later run of the job (a retry)
        assertThat(board.find("j").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aFailureNeverReplacesACompletionAndAnOldEndDoesNotEndANewerRun() {
        board.started(started(T0), null);
        board.completed(completed(T0.plusSeconds(5)));
        board.failed("j", "m", "lost its lease", T0.plusSeconds(6));
        assertThat(board.find("j").orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);

        JobBoard other = new JobBoard();
        other.started(started(T0.plusSeconds(60)), null); // a resumed run
        other.failed("j", "m", "crashed", T0.plusSeconds(10)); // the crashed run's end, read late
        assertThat(other.find("j").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aPromotionHeardBeforeItsJobWaitsForItAndKeepsAKnownReason() {
        board.promotedElsewhere("j", "m", "4", T0.plusSeconds(6));
        assertThat(board.find("j")).isEmpty(); // no phantom job

        board.started(started(T0), null);
        TrainingJob job = board.find("j").orElseThrow();
        assertThat(job.promoted()).isTrue();
        assertThat(job.promotion()).contains("version 4 promoted");

        JobBoard local = new JobBoard();
        local.started(started(T0), "api");
        local.promotion("j", "m", PromotionDecision.promote("beats champion 3 on the same split"));
        local.promotedElsewhere("j", "m", "4", T0.plusSeconds(6));
        assertThat(local.find("j").orElseThrow().promotion()).isEqualTo("beats champion 3 on the same split");
    }
}
