package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.Eventually;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.ShapesDataset;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka broker is stopped while a training job runs and a dataset is being split, kept away for a
 * while, and started again on the same data. Nothing is lost (every epoch event, the split event, both
 * promotions arrive), nothing takes effect twice (one model version per job, one promotion event id per
 * job, one retrain job per split), and the services recover without being touched. Readiness of each
 * service is watched throughout and printed; docs/reliability.md records what it showed.
 * CI keeps the broker away ~5 s; the full profile 45 s, longer than the trainer's 30 s send timeout.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class BrokerRestartTest {

    private static final String MODEL = "outage-cnn";
    private static final int EPOCHS = FaultProfile.pick(4, 20);
    private static final Duration AWAY = FaultProfile.seconds(5, 45);

    @Test
    void aBrokerOutageDuringTrainingAndASplitLosesNothingAndDuplicatesNothing() throws Exception {
        String probe = FaultStack.probeModel();
        String trainVersion = FaultStack.dataset("outage-train");
        Path splitSource = new ShapesDataset(16, 32)
                .write(FaultStack.running().imports().resolve("outage-split"), FaultProfile.pick(300, 1500));
        SightlineClient client = FaultStack.client();
        Path store = FaultStack.running().store();

        try (HealthWatch health = new HealthWatch(FaultStack.stack());
             TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.TRAINING_EVENTS, Topics.MODELS, Topics.DATASETS,
                     Topics.TRAINING_REQUESTS)) {
            String jobId = client.startTraining(SightlineClient.object().put("model", MODEL).put("dataset", "outage-train")
                            .put("datasetVersion", trainVersion).put("epochs", EPOCHS).put("batchSize", 16)
                            .put("learningRate", 0.003).put("imageSize", 64))
                    .requireStatus(202).body().path("jobId").asText();
            log.await(e -> (jobId + ":epoch:1").equals(e.id()), Duration.ofMinutes(2), BrokerRestartTest::logs);
            String splitVersion = client.createDataset(FaultStack.OUTAGE_DATASET, splitSource.toString(), 0.25, 7)
                    .requireStatus(202).body().path("version").asText();

            long down = health.now();
            FaultStack.stopBroker();
            long stopped = health.now();
            Thread.sleep(AWAY.toMillis()); // the outage itself: no condition ends it early
            // the inference-service keeps answering with what it has loaded, whatever its readiness says
            int predictWhileAway = client.predict(probe, new ShapesDataset(32, 5).png("disc"), "image/png", 1).status();
            JsonNode splitWhileAway = client.await(client.datasetUrl().resolve("/datasets/" + FaultStack.OUTAGE_DATASET
                    + "/versions/" + splitVersion), body -> true, Duration.ofSeconds(5));
            int epochsWhileAway = epochsDone(client, jobId);
            FaultStack.startBroker();
            long up = health.now();
            System.out.printf("broker stop requested at +%.1fs, stopped at +%.1fs, started at +%.1fs; while away: "
                            + "split %s, job at epoch %d of %d, POST /predict/%s answered %d%n", down / 1000.0,
                    stopped / 1000.0, up / 1000.0, splitWhileAway.path("status").asText(), epochsWhileAway, EPOCHS,
                    probe, predictWhileAway);
            assertThat(predictWhileAway).as("a loaded model answers without the broker").isEqualTo(200);

            // everything arrives once the broker is back
            TopicLog.Event promoted = log.await(e -> Topics.MODELS.equals(e.topic()) && jobId.equals(e.field("jobId")),
                    Duration.ofMinutes(3), BrokerRestartTest::logs);
            TopicLog.Event split = log.await(e -> EventTypes.DATASET_SPLIT.equals(e.type())
                    && FaultStack.OUTAGE_DATASET.equals(e.key()) && splitVersion.equals(e.field("version")),
                    Duration.ofMinutes(3), BrokerRestartTest::logs);
            TopicLog.Event retrain = log.await(e -> Topics.TRAINING_REQUESTS.equals(e.topic())
                    && FaultStack.OUTAGE_MODEL.equals(e.key()) && splitVersion.equals(e.field("datasetVersion")),
                    Duration.ofMinutes(2), BrokerRestartTest::logs);
            String retrainJob = retrain.field("jobId");
            TopicLog.Event retrainEnd = log.await(e -> (retrainJob + ":completed").equals(e.id())
                    || (retrainJob + ":failed").equals(e.id()), Duration.ofMinutes(3), BrokerRestartTest::logs);
            System.out.println("retrain job of the split made while the broker was away: " + retrainEnd.type() + " "
                    + (retrainEnd.field("reason") == null ? "" : retrainEnd.field("reason")));
            awaitAllReady(health);
            log.settle(e -> true, Duration.ofSeconds(3));
            System.out.print("readiness (HTTP status of /q/health/ready):\n" + health.summary());
            for (Service service : Service.values()) {
                System.out.printf("%s while the broker was away: %s; first non-200 answer: %s%n", service.module(),
                        health.wasDownBetween(service, stopped, up) ? "DOWN" : "stayed UP",
                        health.firstDownBody(service));
            }
            // the services that cannot do their work without Kafka say so; inference keeps serving the
            // models it has loaded and stays in rotation
            for (Service service : List.of(Service.DATASET, Service.TRAINER)) {
                assertThat(health.wasDownBetween(service, stopped, up)).as("%s readiness while the broker was away",
                        service.module()).isTrue();
                List<HealthWatch.Transition> t = health.transitions(service);
                System.out.printf("%s ready again %.1f s after the broker was back%n", service.module(),
                        (t.get(t.size() - 1).atMs() - up) / 1000.0);
            }
            assertThat(health.wasDownBetween(Service.INFERENCE, stopped, up))
                    .as("inference-service readiness while the broker was away").isFalse();

            // no event lost: every epoch of the job, the split, its retrain request, both promotions
            Set<Integer> epochs = log.all(e -> jobId.equals(e.key()) && EventTypes.TRAINING_EPOCH.equals(e.type()))
                    .stream().map(e -> e.json().path("epoch").asInt()).collect(Collectors.toSet());
            assertThat(epochs).as("epoch events").containsAll(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
            List<TopicLog.Event> jobEvents = log.all(e -> jobId.equals(e.key()));
            System.out.printf("job events: %d records, %d distinct ids; repeated: %s%n", jobEvents.size(),
                    jobEvents.stream().map(TopicLog.Event::id).distinct().count(),
                    jobEvents.stream().collect(Collectors.groupingBy(TopicLog.Event::id, Collectors.counting()))
                            .entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue())
                            .toList());

            // no duplicate effect: one version per job, one promotion decision, one retrain job per split
            assertThat(versions(store, MODEL)).containsExactly("1");
            assertThat(log.all(e -> Topics.MODELS.equals(e.topic()) && jobId.equals(e.field("jobId")))
                    .stream().map(TopicLog.Event::id).distinct()).as("promotion event ids").containsExactly(promoted.id());
            assertThat(log.all(e -> EventTypes.DATASET_SPLIT.equals(e.type()) && FaultStack.OUTAGE_DATASET.equals(e.key())
                    && splitVersion.equals(e.field("version"))).stream().map(TopicLog.Event::id).distinct())
                    .as("split event ids").containsExactly(split.id());
            List<TopicLog.Event> retrainRequests = log.all(e -> Topics.TRAINING_REQUESTS.equals(e.topic())
                    && FaultStack.OUTAGE_MODEL.equals(e.key()) && splitVersion.equals(e.field("datasetVersion")));
            assertThat(retrainRequests.stream().map(e -> e.field("jobId")).distinct()).as("retrain jobs").hasSize(1);
            assertThat(log.all(e -> retrainJob.equals(e.key()) && (EventTypes.TRAINING_COMPLETED.equals(e.type())
                    || EventTypes.TRAINING_FAILED.equals(e.type()))).stream().map(TopicLog.Event::id).distinct())
                    .as("the retrain job ended once").hasSize(1);
            assertThat(retrainEnd.type()).as("the retrain job's end: %s", retrainEnd.value())
                    .isEqualTo(EventTypes.TRAINING_COMPLETED);
            log.await(e -> Topics.MODELS.equals(e.topic()) && retrainJob.equals(e.field("jobId")),
                    Duration.ofMinutes(1), BrokerRestartTest::logs);
            assertThat(versions(store, FaultStack.OUTAGE_MODEL)).as("retrain versions").hasSize(1);
            FaultStack.awaitServing(MODEL, "1", Duration.ofMinutes(1));
        }
    }

    private static int epochsDone(SightlineClient client, String jobId) throws Exception {
        JsonNode job = client.trainerResource("/training-jobs/" + jobId).body();
        return job == null ? -1 : job.path("epochs").size();
    }

    private static long awaitAllReady(HealthWatch health) {
        Eventually.until(Duration.ofMinutes(2), Duration.ofMillis(250), BrokerRestartTest::allReady, all -> all,
                all -> "not every service ready 2 min after the broker came back:\n" + health.summary());
        return health.now();
    }

    private static boolean allReady() throws Exception {
        boolean all = true;
        for (Service service : Service.values()) {
            all &= FaultStack.get(service, "/q/health/ready").statusCode() == 200;
        }
        return all;
    }

    private static List<String> versions(Path store, String model) throws Exception {
        try (Stream<Path> dirs = Files.list(store.resolve("models/" + model))) {
            // version folders only: claims/ and deleted/ keep numbers taken beside them
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[0-9]+")).sorted().toList();
        }
    }

    private static String logs() {
        return "trainer log:\n" + FaultStack.stack().logTail(Service.TRAINER, 40)
                + "\ndataset log:\n" + FaultStack.stack().logTail(Service.DATASET, 20);
    }
}
