package io.sightline.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    // the same settings Quarkus' default ObjectMapper uses for these payloads
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Instant AT = Instant.parse("2026-11-28T10:15:30.123Z");
    private static final TrainingParameters PARAMS =
            TrainingParameters.builder().setArchitecture("cnn").setEpochs(5).setBatchSize(32).setLearningRate(1e-3)
                    .optFineTuneLearningRate(2e-5).setImageSize(32).setSeed(42L).build();

    static Stream<Object> payloads() {
        return Stream.of(
                new DatasetSplit("e1", "cracks", "3", "ab12", "datasets/cracks/3/manifest.json",
                        List.of("negative", "positive"),
                        Map.of("negative", new SplitCounts(80, 20, 0), "positive", new SplitCounts(79, 20, 1)),
                        0.2, 0.0, 7L, AT),
                new DatasetRejected("e2", "cracks", "4", "1 file missing after copy",
                        List.of("missing: positive/1.png"), AT),
                new TrainingRequested("job-1", "signs", "gtsrb", "2", PARAMS, "api", AT),
                new TrainingStarted("job-1", "signs", "gtsrb", "2", PARAMS, "worker-a", AT),
                new TrainingEpoch("job-1", "signs", 2, 5, 0.31, 0.9, 0.35, null, 1e-3, 1234),
                new TrainingEpoch("job-1", "signs", 3, 5, 0.28, 0.92, 0.33, 0.9, 1e-3, 1200, 512.0, 1.7, 10, 0.012),
                new TrainingCompleted("job-1", "signs", "4", "gtsrb", "2", 0.97, 0.1,
                        "models/signs/4", 60_000, AT),
                new TrainingCompleted("job-1", "signs", "4", "gtsrb", "2", 0.97, 0.1, "models/signs/4", 60_000, AT,
                        List.of(new TrainingFinding("noisy", 3, "training loss went up from 0.4 to 0.5",
                                "lower the learning rate from 0.003 to 0.001")),
                        PARAMS.toBuilder().setLearningRate(2.1e-3).optLearningRateAuto(true).build()),
                new TrainingRequested("job-4", "signs", "gtsrb", "2",
                        PARAMS.toBuilder().setLearningRate(0).optLearningRateAuto(true).build(), "api", AT),
                new TrainingRequested("job-5", "signs", "gtsrb", "2", PARAMS, "api", AT,
                        "dataset gtsrb version 2 has 40 training images per class: training by transfer"),
                new TrainingFailed("job-2", "signs", "dataset gtsrb:9 does not exist", AT),
                new ModelPromoted("e3", "signs", "4", "models/signs/4", "job-1", "gtsrb", "2", 0.97, AT),
                new DatasetDeleted("e4", "gtsrb", "2", true, AT, "alice"),
                new ModelDeleted("e5", "signs", "3", "4", AT, "retention"),
                new TrainingCancelled("job-3", "signs", AT, "bob", 2, "cancelled by bob"),
                new RetrainBindingChanged("e6", "gtsrb", AT, "alice", false));
    }

    @Test
    void payloadsWrittenBeforeTheAutomaticRateAndFindingsStillRead() throws Exception {
        TrainingCompleted old = JSON.readValue("{\"jobId\":\"j\",\"model\":\"m\",\"modelVersion\":\"1\","
                + "\"testAccuracy\":0.9,\"testLoss\":0.2,\"durationMs\":5}", TrainingCompleted.class);
        assertThat(old.findings()).isNull();
        assertThat(old.parameters()).isNull();
        TrainingParameters p = JSON.readValue("{\"architecture\":\"cnn\",\"epochs\":2,\"learningRate\":0.001}",
                TrainingParameters.class);
        assertThat(p.learningRateAuto()).isNull();
        assertThat(p.findsLearningRate()).isFalse();
        // the rate stays a number on the wire: readers that take it as a double keep working
        assertThat(JSON.readTree(JSON.writeValueAsString(p.toBuilder().setLearningRate(0).optLearningRateAuto(true)
                .build())).path("learningRate").isNumber()).isTrue();
    }

    @Test
    void anEpochWrittenBeforeItsPeakAndSpreadStillReads() throws Exception {
        TrainingEpoch old = JSON.readValue("{\"jobId\":\"j\",\"model\":\"m\",\"epoch\":1,\"epochs\":2,"
                + "\"trainLoss\":0.5,\"trainAccuracy\":0.8,\"learningRate\":0.001,\"durationMs\":9}", TrainingEpoch.class);
        assertThat(old.peakLoss()).isNull();
        assertThat(old.classes()).isNull();
        assertThat(old.trainLossError()).isNull();
    }

    @Test
    void aRequestWrittenBeforeTheArchitectureNoteStillReads() throws Exception {
        TrainingRequested old = JSON.readValue("{\"jobId\":\"j\",\"model\":\"m\",\"dataset\":\"d\","
                + "\"datasetVersion\":\"1\",\"trigger\":\"api\"}", TrainingRequested.class);
        assertThat(old.architectureNote()).isNull();
        TrainingRequested noted = new TrainingRequested("j", "m", "d", "1", PARAMS, "api", AT, "chosen: transfer");
        assertThat(JSON.readValue(JSON.writeValueAsString(noted), TrainingRequested.class).architectureNote())
                .isEqualTo("chosen: transfer");
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void everyPayloadSurvivesAJsonRoundTrip(Object payload) throws Exception {
        String json = JSON.writeValueAsString(payload);

        Object back = JSON.readValue(json, payload.getClass());

        assertThat(back).isEqualTo(payload);
    }

    @Test
    void trainingParametersBuiltByNameEqualThoseBuiltByPosition() throws Exception {
        TrainingParameters positional = new TrainingParameters("transfer", "base:1", 4, 16, 1e-3, 2e-5, 64, 7L,
                "step", 1, 2, 3, 4, List.of("flip"), 5, 600, 0.2);
        TrainingParameters named = TrainingParameters.builder().setArchitecture("transfer").optBaseModel("base:1")
                .setEpochs(4).setBatchSize(16).setLearningRate(1e-3).optFineTuneLearningRate(2e-5).setImageSize(64)
                .setSeed(7L).optSchedule("step").optWarmupEpochs(1).optStepEpochs(2).optPlateauPatience(3)
                .optEarlyStoppingPatience(4).optAugmentation(List.of("flip")).optFineTuneEpochs(5)
                .optTimeBudgetSeconds(600).optValidationShare(0.2).build();

        assertThat(named).isEqualTo(positional);
        assertThat(positional.toBuilder().build()).isEqualTo(positional);
        assertThat(JSON.writeValueAsString(named)).isEqualTo(JSON.writeValueAsString(positional))
                .doesNotContain("builder");
        assertThat(TrainingParameters.builder().setArchitecture("cnn").setEpochs(5).setBatchSize(32)
                .setLearningRate(1e-3).optFineTuneLearningRate(2e-5).setImageSize(32).setSeed(42L).build())
                .isEqualTo(new TrainingParameters("cnn", null, 5, 32, 1e-3, 2e-5, 32, 42L));
    }

    @Test
    void timestampsTravelAsIsoText() throws Exception {
        String json = JSON.writeValueAsString(new TrainingFailed("j", "m", "r", AT));

        assertThat(json).contains("\"failedAt\":\"2026-11-28T10:15:30.123Z\"");
    }

    @Test
    void aConsumerReadsPayloadsThatGainedFields() throws Exception {
        String newer = """
                {"jobId":"j","model":"m","reason":"r","failedAt":"2026-11-28T10:15:30.123Z","retryable":true}
                """;

        TrainingFailed read = JSON.readValue(newer, TrainingFailed.class);

        assertThat(read.jobId()).isEqualTo("j");
    }

    @Test
    void typeNamesFollowTheContract() {
        assertThat(EventTypes.ALL).hasSize(15)
                .allMatch(t -> t.matches("sightline\\.[a-z]+\\.[a-z]+\\.v1"))
                .doesNotHaveDuplicates();
        assertThat(new SplitCounts(3, 1, 1).total()).isEqualTo(5);
    }
}
