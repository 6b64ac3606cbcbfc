package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import io.sightline.storage.StoreJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trainer process is SIGKILLed mid-training, after a checkpoint, and started again on the same store
 * and broker. Its request was never acknowledged, so the restarted worker gets it back, resumes after the
 * last checkpointed epoch, completes, and exactly one {@code model.promoted} for the job reaches
 * {@code sightline.models}. Full profile: killed twice, in two different epochs.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class TrainerKillTest {

    private static final String MODEL = "killed-cnn";
    private static final int EPOCHS = FaultProfile.pick(8, 12);
    private static final int KILLS = FaultProfile.pick(1, 2);

    @Test
    void aTrainerKilledMidEpochResumesFromItsCheckpointAndPromotesOnce() throws Exception {
        String datasetVersion = FaultStack.dataset("kill-data");
        SightlineClient client = FaultStack.client();
        Path store = FaultStack.running().store();

        try (TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.TRAINING_EVENTS, Topics.MODELS)) {
            JsonNode job = client.startTraining(SightlineClient.object().put("model", MODEL).put("dataset", "kill-data")
                    .put("datasetVersion", datasetVersion).put("architecture", "cnn").put("epochs", EPOCHS)
                    .put("batchSize", 16).put("learningRate", 0.003).put("imageSize", 48).put("seed", 5))
                    .requireStatus(202).body();
            String jobId = job.path("jobId").asText();

            int lastKilledAfter = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                // the epoch event goes out after that epoch's checkpoint is in the store (decision 023)
                int before = lastKilledAfter;
                log.await(e -> isEpoch(e, jobId) && e.json().path("epoch").asInt() > before, Duration.ofMinutes(3),
                        TrainerKillTest::trainerLog);
                assertThat(Files.size(store.resolve("checkpoints/" + jobId + "/checkpoint.bin"))).isPositive();
                FaultStack.stack().kill(Service.TRAINER);

                int epochsSeen = log.settle(e -> isEpoch(e, jobId), Duration.ofSeconds(1)).stream().mapToInt(e -> e.json().path("epoch").asInt()).max().orElse(0);
                assertThat(epochsSeen).as("the kill must land mid-training").isLessThan(EPOCHS);
                assertThat(store.resolve("models/" + MODEL)).as("nothing published before the end").doesNotExist();
                lastKilledAfter = epochsSeen;

                FaultStack.stack().restart(Service.TRAINER, FaultStack.START_TIMEOUT);
            }

            log.await(e -> Topics.MODELS.equals(e.topic()) && jobId.equals(e.field("jobId")), Duration.ofMinutes(3),
                    TrainerKillTest::trainerLog);
            List<TopicLog.Event> promotions = log.settle(
                    e -> Topics.MODELS.equals(e.topic()) && jobId.equals(e.field("jobId")), Duration.ofSeconds(3));
            assertThat(promotions).as("model.promoted records for job %s", jobId).hasSize(1);
            assertThat(promotions.get(0).type()).isEqualTo(EventTypes.MODEL_PROMOTED);

            List<TopicLog.Event> started = log.all(e -> jobId.equals(e.key()) && EventTypes.TRAINING_STARTED.equals(e.type()));
            assertThat(started).as("one start per worker run").hasSize(KILLS + 1);

            try (Stream<Path> versions = Files.list(store.resolve("models/" + MODEL))) {
                assertThat(versions.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(name -> name.matches("[0-9]+"))) // claims/ keeps numbers taken beside the versions
                        .as("one version for the job").containsExactly("1");
            }
            JsonNode metrics = StoreJson.mapper().readTree(store.resolve("models/" + MODEL + "/1/metrics.json").toFile());
            assertThat(metrics.at("/lineage/jobId").asText()).isEqualTo(jobId);
            // the checkpoint of the epoch after the last event seen may have been written just before the kill
            assertThat(metrics.at("/details/resumedFromEpoch").asInt()).as("resumed from the last checkpoint")
                    .isBetween(lastKilledAfter, EPOCHS - 1);
            assertThat(metrics.at("/history")).hasSize(EPOCHS);
            assertThat(Files.size(store.resolve("checkpoints/" + jobId + "/checkpoint.bin")))
                    .as("checkpoint emptied once published").isZero();
        }
    }

    private static boolean isEpoch(TopicLog.Event e, String jobId) {
        return jobId.equals(e.key()) && EventTypes.TRAINING_EPOCH.equals(e.type()) && e.json() != null;
    }

    private static String trainerLog() {
        return "trainer log:\n" + FaultStack.stack().logTail(Service.TRAINER, 60);
    }
}
